/* Progressive enhancement only: the form works without this file. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  var copy = document.getElementById("copy-ref");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var ref = document.getElementById("ref").textContent.trim();
      navigator.clipboard.writeText(ref).then(function () {
        document.getElementById("copy-done").textContent = copy.getAttribute("data-done");
      });
    });
  }
});

"""Auto-lock: an application event filter notes the time of the last keyboard/mouse input.

Idle means *no input events*, not "window not focused": a worker reading a long note with the mouse
still is idle, one typing is not. A QTimer polls every few seconds (cheap) and compares the injected
clock's time with the last input; tests drive :meth:`IdleWatcher.check` with a fake clock.

Signals: ``idle()`` once per idle period (re-armed by the next input or :meth:`reset`).

The application-wide event filter is installed only while watching (:meth:`start` .. :meth:`stop`), and is
removed on stop, on ``aboutToQuit`` and when the watcher is destroyed. An installed Python filter is called
for every event of every object, including objects being torn down by Python's garbage collector; with the
filter left installed on a locked or closed window, PySide6 converted such a dying object for the Python
``eventFilter`` and the process crashed (seen when a second main window was made in the same process, and
intermittently in the GUI tests). See docs/desktop.md, "Known platform issues".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from caseworker.gui.clock import Clock

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(
        self, clock: Clock, minutes: int, parent: QObject | None = None, poll_ms: int = 5000
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.timeout_s = max(1, minutes) * 60.0
        self._last = clock.monotonic()
        self._fired = False
        self.enabled = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)
        self._filtering: QCoreApplication | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def filtering(self) -> bool:
        """Whether the application-wide input filter is installed (only while started)."""
        return self._filtering is not None

    def _install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._filtering is None:
            app.installEventFilter(self)
            self._filtering = app

    def _uninstall(self) -> None:
        app, self._filtering = self._filtering, None
        if app is not None:
            app.removeEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timeout_s = max(1, minutes) * 60.0

    def start(self) -> None:
        self.enabled = True
        self.reset()
        self._install()
        self._timer.start()

    def stop(self) -> None:
        self.enabled = False
        self._timer.stop()
        self._uninstall()

    def reset(self) -> None:
        self._last = self._clock.monotonic()
        self._fired = False

    def seconds_idle(self) -> float:
        return self._clock.monotonic() - self._last

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.enabled and event.type() in _INPUT_EVENTS:
            self._last = self._clock.monotonic()
            self._fired = False
        return False

    def check(self) -> None:
        if self.enabled and not self._fired and self.seconds_idle() >= self.timeout_s:
            self._fired = True
            self.idle.emit()

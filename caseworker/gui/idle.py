"""Auto-lock: an application event filter notes the time of the last keyboard/mouse input.

Idle means *no input events*, not "window not focused": a worker reading a long note with the mouse
still is idle, one typing is not. A QTimer polls every few seconds (cheap) and compares the injected
clock's time with the last input; tests drive :meth:`IdleWatcher.check` with a fake clock.

Signals: ``idle()`` once per idle period (re-armed by the next input or :meth:`reset`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

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

    def set_minutes(self, minutes: int) -> None:
        self.timeout_s = max(1, minutes) * 60.0

    def start(self) -> None:
        self.enabled = True
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self.enabled = False
        self._timer.stop()

    def reset(self) -> None:
        self._last = self._clock.monotonic()
        self._fired = False

    def seconds_idle(self) -> float:
        return self._clock.monotonic() - self._last

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last = self._clock.monotonic()
            self._fired = False
        return False

    def check(self) -> None:
        if self.enabled and not self._fired and self.seconds_idle() >= self.timeout_s:
            self._fired = True
            self.idle.emit()

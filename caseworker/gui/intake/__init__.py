"""The Intake section: queue, triage (claim, compare, decide), enrolment, offline banner."""

from caseworker.gui.intake.page import IntakePage

__all__ = ["IntakePage"]

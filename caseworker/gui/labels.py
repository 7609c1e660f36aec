"""People-facing labels for the stored vocabularies (codes stay in the database; words come from gettext)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any


def N_(message: str) -> str:
    return message


CATEGORY = {
    "gar": N_("Government-assisted refugee"),
    "psr": N_("Privately sponsored refugee"),
    "bvor": N_("Blended visa office-referred refugee"),
    "jas": N_("Joint assistance sponsorship"),
    "economic": N_("Economic immigrant"),
    "family": N_("Family class"),
    "protected_person": N_("Protected person"),
    "temporary_resident": N_("Temporary resident"),
    "cuaet": N_("CUAET (Ukraine)"),
    "asylum_claimant": N_("Asylum claimant"),
    "citizen": N_("Citizen"),
    "other": N_("Other"),
    "unknown": N_("Not known yet"),
}

FILE_STATUS = {
    "active": N_("Active"),
    "waitlist": N_("Waiting list"),
    "inactive": N_("Inactive"),
    "closed": N_("Closed"),
    "merged": N_("Merged"),
}

GENDER = {
    "female": N_("Female"),
    "male": N_("Male"),
    "another": N_("Another gender"),
    "prefer_not": N_("Prefers not to say"),
}

NEED_DOMAIN = {
    "housing": N_("Housing"),
    "employment": N_("Employment"),
    "language": N_("Language learning"),
    "education": N_("Education"),
    "health": N_("Health"),
    "mental_health": N_("Mental health"),
    "legal_immigration": N_("Legal and immigration"),
    "financial": N_("Money and benefits"),
    "childcare": N_("Childcare"),
    "transportation": N_("Transportation"),
    "community": N_("Community connections"),
    "digital_skills": N_("Digital skills"),
}

RELATIONSHIP = {
    "spouse": N_("Spouse or partner"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "sibling": N_("Brother or sister"),
    "grandparent": N_("Grandparent"),
    "other": N_("Other relative"),
}

CONSENT_SCOPE = {
    "privacy_statement": N_("Privacy statement"),
    "research": N_("Research"),
    "sharing": N_("Sharing with a partner"),
}

CONSENT_METHOD = {
    "written": N_("Written"),
    "verbal": N_("Verbal"),
    "phone": N_("By phone"),
    "online": N_("Online"),
}

SERVICE_TYPE = {
    "needs_assessment": N_("Needs assessment"),
    "information_orientation": N_("Information and orientation"),
    "language_assessment": N_("Language assessment"),
    "language_training": N_("Language training"),
    "employment": N_("Employment support"),
    "community_connections": N_("Community connections"),
    "support_services": N_("Support services"),
    "referral": N_("Referral"),
    "interpretation": N_("Interpretation"),
    "housing_search": N_("Housing search"),
    "other": N_("Other"),
}

SERVICE_CHANNEL = {
    "in_person": N_("In person"),
    "phone": N_("Phone"),
    "video": N_("Video call"),
    "text": N_("Text message"),
    "email": N_("Email"),
}

GOAL_STATUS = {"open": N_("Open"), "achieved": N_("Achieved"), "dropped": N_("Dropped")}
ACTION_STATUS = {
    "open": N_("To do"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
}
ACTION_OWNER = {"client": N_("Client"), "worker": N_("Worker"), "other": N_("Someone else")}
REFERRAL_STATUS = {
    "planned": N_("Planned"),
    "sent": N_("Sent"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}
PRIORITY = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
ROLE = {"caseworker": N_("worker"), "supervisor": N_("supervisor"), "volunteer": N_("volunteer")}
AUDIT_ACTION = {
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "merge": N_("merged"),
    "give": N_("consent given"),
    "expire": N_("consent expired"),
    "revoke": N_("consent revoked"),
    "decide": N_("decided"),
    "import": N_("imported"),
    "export": N_("exported"),
}
ENTITY = {
    "client": N_("Profile"),
    "clients": N_("Profile"),
    "identifier": N_("Identifier"),
    "identifiers": N_("Identifier"),
    "note": N_("Note"),
    "notes": N_("Note"),
    "service": N_("Service"),
    "services": N_("Service"),
    "plan": N_("Plan"),
    "plans": N_("Plan"),
    "goal": N_("Goal"),
    "goals": N_("Goal"),
    "action": N_("Action"),
    "actions": N_("Action"),
    "referral": N_("Referral"),
    "referrals": N_("Referral"),
    "consent": N_("Consent"),
    "consents": N_("Consent"),
    "household": N_("Household"),
    "households": N_("Household"),
    "household_members": N_("Household"),
    "assessment": N_("Needs and assets"),
    "assessments": N_("Needs and assets"),
}

FIELD = {
    "given_name": N_("Given names"),
    "family_name": N_("Family name"),
    "given_name_latin": N_("Given names (Latin letters)"),
    "family_name_latin": N_("Family name (Latin letters)"),
    "preferred_name": N_("Preferred name"),
    "date_of_birth": N_("Date of birth"),
    "dob_precision": N_("Date of birth"),
    "gender": N_("Gender"),
    "marital_status": N_("Marital status"),
    "languages": N_("Languages"),
    "preferred_official_language": N_("Official language"),
    "interpreter_needed": N_("Interpreter"),
    "country_of_birth": N_("Country of birth"),
    "citizenship": N_("Citizenship"),
    "immigration_category": N_("Immigration category"),
    "arrival_date": N_("Arrival in Canada"),
    "landing_date": N_("Landing date"),
    "status_date": N_("Status date"),
    "file_status": N_("File status"),
    "assigned_worker_id": N_("Assigned worker"),
    "next_follow_up": N_("Next follow-up"),
    "last_contact": N_("Last contact"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "messaging_app": N_("Messaging app"),
    "address": N_("Street address"),
    "city": N_("City"),
    "province": N_("Province"),
    "postal_code": N_("Postal code"),
    "identifiers": N_("Identifiers"),
    "kind": N_("Kind"),
    "value": N_("Number"),
    "body": N_("Text"),
    "private": N_("Private"),
    "text": N_("Text"),
    "text_translation": N_("Translation"),
    "owner": N_("Who"),
    "due_date": N_("Due date"),
    "status": N_("Status"),
    "service_type": N_("Service"),
    "channel": N_("How"),
    "minutes": N_("Minutes"),
    "delivered_on": N_("Date"),
    "to_whom": N_("Refer to"),
    "reason": N_("Reason"),
    "follow_up_on": N_("Follow up on"),
    "scope": N_("Consent"),
    "method": N_("How it was given"),
    "expires_on": N_("Expires on"),
    "revoked_at": N_("Revoked"),
    "domain": N_("Area"),
    "priority": N_("Priority"),
    "description": N_("Description"),
    "assessed_on": N_("Assessed"),
    "relationship": N_("Relationship"),
    "household_id": N_("Household"),
    "title": N_("Title"),
    "merged_into_id": N_("Merged"),
    "approved_at": N_("Approval"),
    "approved_by": N_("Approval"),
    "assessment_id": N_("Needs and assets"),
    "assessor_id": N_("Assessed by"),
    "author_id": N_("Author"),
    "client_id": N_("Client"),
    "code": N_("Languages"),
    "completed_at": N_("Completed"),
    "consent_id": N_("Consent"),
    "contact_details": N_("Contact details"),
    "created_at": N_("Created"),
    "created_by": N_("Created by"),
    "funder": N_("Funder"),
    "given_at": N_("Given"),
    "goal_id": N_("Goal"),
    "is_principal": N_("Main member"),
    "label": N_("Name"),
    "language": N_("Language"),
    "note": N_("Note"),
    "notice_version": N_("Notice version"),
    "owner_name": N_("Who"),
    "owner_user_id": N_("Who"),
    "plan_id": N_("Plan"),
    "position": N_("Order"),
    "provider_id": N_("Provided by"),
    "reason_translation": N_("Translation"),
    "recipient": N_("Shared with"),
    "recorded_by": N_("Recorded by"),
    "referred_on": N_("Referred on"),
    "summary": N_("Summary"),
    "target_date": N_("Target date"),
    "title_translation": N_("Translation"),
    "translation_language": N_("Language"),
    "updated_at": N_("Changed"),
}


def _code(value: Any) -> str:
    if value is None:
        return ""
    return str(value.value if isinstance(value, Enum) else value)


class Labels:
    def __init__(self, gettext: Callable[[str], str]) -> None:
        self._ = gettext

    def _get(self, table: dict[str, str], value: Any) -> str:
        code = _code(value)
        return self._(table[code]) if code in table else code

    def category(self, v: Any) -> str:
        return self._get(CATEGORY, v)

    def status(self, v: Any) -> str:
        return self._get(FILE_STATUS, v)

    def gender(self, v: Any) -> str:
        return self._get(GENDER, v)

    def need(self, v: Any) -> str:
        return self._get(NEED_DOMAIN, v)

    def relationship(self, v: Any) -> str:
        return self._get(RELATIONSHIP, v)

    def consent_scope(self, v: Any) -> str:
        return self._get(CONSENT_SCOPE, v)

    def consent_method(self, v: Any) -> str:
        return self._get(CONSENT_METHOD, v)

    def service(self, v: Any) -> str:
        return self._get(SERVICE_TYPE, v)

    def channel(self, v: Any) -> str:
        return self._get(SERVICE_CHANNEL, v)

    def goal_status(self, v: Any) -> str:
        return self._get(GOAL_STATUS, v)

    def action_status(self, v: Any) -> str:
        return self._get(ACTION_STATUS, v)

    def action_owner(self, v: Any) -> str:
        return self._get(ACTION_OWNER, v)

    def referral_status(self, v: Any) -> str:
        return self._get(REFERRAL_STATUS, v)

    def priority(self, v: Any) -> str:
        return self._get(PRIORITY, v)

    def role(self, v: Any) -> str:
        return self._get(ROLE, v)

    def audit_action(self, v: Any) -> str:
        return self._get(AUDIT_ACTION, v)

    def entity(self, v: Any) -> str:
        return self._get(ENTITY, v)

    def fields(self, names: Any) -> str:
        """Audit field names as a worker knows them ("Phone", not "phone"); unknown ones kept."""
        seen: list[str] = []
        for n in names:
            label = self._get(FIELD, n)
            if label not in seen:
                seen.append(label)
        return ", ".join(seen)

    @staticmethod
    def choices(table: dict[str, str]) -> list[tuple[str, str]]:
        return list(table.items())

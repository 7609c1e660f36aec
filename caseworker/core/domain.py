"""The sector's vocabularies, shared by the caseload, the intake wire, the plans and the reports.

Values are stable lowercase codes (stored in databases and sent on the wire); labels for people come
from the gettext catalogs of whichever part shows them.
"""

from __future__ import annotations

from enum import StrEnum


class ImmigrationCategory(StrEnum):
    GAR = "gar"  # Government-Assisted Refugee
    PSR = "psr"  # Privately Sponsored Refugee
    BVOR = "bvor"  # Blended Visa Office-Referred
    JAS = "jas"  # Joint Assistance Sponsorship
    ECONOMIC = "economic"
    FAMILY = "family"
    PROTECTED_PERSON = "protected_person"
    TEMPORARY_RESIDENT = "temporary_resident"
    CUAET = "cuaet"  # Canada-Ukraine Authorization for Emergency Travel
    ASYLUM_CLAIMANT = "asylum_claimant"
    CITIZEN = "citizen"
    OTHER = "other"
    UNKNOWN = "unknown"  # also what the public form's "not sure" becomes


class NeedDomain(StrEnum):
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    LANGUAGE = "language"
    EDUCATION = "education"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    LEGAL_IMMIGRATION = "legal_immigration"
    FINANCIAL = "financial"
    CHILDCARE = "childcare"
    TRANSPORTATION = "transportation"
    COMMUNITY = "community"
    DIGITAL_SKILLS = "digital_skills"


class DobPrecision(StrEnum):
    FULL = "full"
    YEAR_MONTH = "year_month"
    YEAR = "year"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    ANOTHER = "another"
    PREFER_NOT = "prefer_not"


class ContactPreference(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class OfficialLanguagePreference(StrEnum):
    ENGLISH = "en"
    FRENCH = "fr"
    NONE = "none"


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    VOLUNTEER = "volunteer"


class Relationship(StrEnum):
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    OTHER = "other"


class IntakeOutcome(StrEnum):
    ACCEPTED = "accepted"
    REFERRED = "referred"
    REJECTED = "rejected"


class NewcomerStatus(StrEnum):
    """What a newcomer sees on the public status page: nothing personal, only where the request is."""

    RECEIVED = "received"
    WITH_AGENCY = "with_agency"
    CONTACTED = "contacted"
    CLOSED = "closed"

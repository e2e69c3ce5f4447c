"""The domain model of DESIGN.md, one module per kind of record."""

from kirok.records.models.incidents import (
    Act,
    ActPerpetrator,
    Incident,
    IncidentStatus,
    Proceeding,
    ProceedingStatus,
)
from kirok.records.models.organizations import Organization, OrganizationName
from kirok.records.models.persons import (
    Identity,
    NameKind,
    NameScript,
    Person,
    PersonName,
    PersonStatus,
    Relation,
    Romanization,
    SensitiveContact,
    Sex,
)
from kirok.records.models.places import Place, PlaceLevel, PlaceName

__all__ = [
    "Act",
    "ActPerpetrator",
    "Identity",
    "Incident",
    "IncidentStatus",
    "NameKind",
    "NameScript",
    "Organization",
    "OrganizationName",
    "Person",
    "PersonName",
    "PersonStatus",
    "Place",
    "PlaceLevel",
    "PlaceName",
    "Proceeding",
    "ProceedingStatus",
    "Relation",
    "Romanization",
    "SensitiveContact",
    "Sex",
]

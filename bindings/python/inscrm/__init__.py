"""inscrm: an embeddable insurance CRM (customers, policies and their lifecycle, premiums, events;
service and complaints: interactions, complaints with SLA clocks, claims, service requests, surveys;
segments, the columnar portfolio with its analytics, and KPIs).

    import datetime as dt
    import inscrm

    with inscrm.open("memory:", clock=inscrm.ManualClock(dt.date(2025, 1, 10))) as crm:
        c = crm.customers.create(name="张伟", identity=("resident_id", "110105198503142318"),
                                 phones=["13812345678"], region="310000", source="agent_referral")
        p = crm.policies.issue(product="WL-2024", holder=c.id, sum_insured=500_000_00, premium=12_000_00)

Conventions: dates are datetime.date, instants aware UTC datetime.datetime; money is int minor
units (fen), with Decimal yuan accepted as input and offered as `*_yuan` properties; enumerations
are their stable text names ('in_force', 'agent_referral', …; see inscrm.ENUMS); ids are ints.
Every call takes an optional actor= (default: crm.actor, initially Actor.system()). Every failure
the library expects raises a subclass of inscrm.Error with .code, .field and .message.
"""

from ._version import __version__
from . import _core
from ._core import (
    # errors: one class per code, all under Error
    Error,
    InvalidArgument,
    NotFound,
    AlreadyExists,
    Conflict,
    IllegalTransition,
    PermissionDenied,
    StorageUnavailable,
    StorageError,
    SchemaTooNew,
    Internal,
    ERROR_CODES,
    ENUMS,
    # opening and running
    open,
    Crm,
    Actor,
    Clock,
    ManualClock,
    StageThresholds,
    ServiceSettings,
    BusinessCalendar,
    SlaRow,
    SlaPolicy,
    AssignmentRule,
    standard_complaint_sla,
    standard_service_sla,
    complaint_subcategories,
    system_clock,
    library_version,
    # services
    CustomerService,
    ProductService,
    OrganisationService,
    PolicyService,
    EventService,
    InteractionService,
    ComplaintService,
    ClaimService,
    ServiceRequestService,
    SurveyService,
    SegmentService,
    LoyaltyService,
    ConsentService,
    CareService,
    CampaignService,
    CustomerIterator,
    PolicyIterator,
    # values a caller builds
    Identity,
    Phone,
    Email,
    Address,
    Relationship,
    Need,
    Beneficiary,
    # records a call returns
    Customer,
    Product,
    OrgUnit,
    Agent,
    Policy,
    Payment,
    Transition,
    ScheduleLine,
    Event,
    PortfolioSummary,
    AuditVerification,
    DailyRunReport,
    ImportReport,
    RowError,
    ImportService,
    ExportService,
    DuplicateService,
    DuplicatePair,
    Merge,
    Interaction,
    Complaint,
    ComplaintStep,
    ComplaintStats,
    DurationStats,
    Deadlines,
    SlaClock,
    SlaPause,
    Claim,
    ClaimDocument,
    ClaimTransition,
    ClaimProgress,
    ServiceRequest,
    ServiceRequestStep,
    SurveyResponse,
    NpsSummary,
    KindMean,
    SatisfactionMean,
    SatisfactionReport,
    # segmentation, analytics and KPIs
    Segment,
    StoredRule,
    SegmentSnapshot,
    SegmentMovement,
    Portfolio,
    ParetoCurve,
    ValueLoyaltyMatrix,
    Kpis,
    KpiCampaignRoi,
    KpiRate,
    BehaviourStats,
    AgentActivity,
    AgentComparison,
    AgentAnalytics,
    quintile_scores,
    value_tiers,
    pareto_curve,
    lifetime_value,
    # checks without storing
    validate_customer,
    validate_application,
)

if _core.__version__ != __version__:  # a stale extension next to newer Python files
    raise ImportError(f"inscrm: the extension is version {_core.__version__}, the package {__version__}; rebuild")

# `open` is left out on purpose: `from inscrm import *` must not shadow the built-in open().
__all__ = [
    "Error", "InvalidArgument", "NotFound", "AlreadyExists", "Conflict", "IllegalTransition",
    "PermissionDenied", "StorageUnavailable", "StorageError", "SchemaTooNew", "Internal",
    "ERROR_CODES", "ENUMS", "Crm", "Actor", "Clock", "ManualClock", "StageThresholds", "system_clock",
    "library_version", "CustomerService", "ProductService", "OrganisationService", "PolicyService",
    "EventService", "CustomerIterator", "PolicyIterator", "Identity", "Phone", "Email", "Address",
    "Relationship", "Need", "Beneficiary", "Customer", "Product", "OrgUnit", "Agent", "Policy",
    "Payment", "Transition", "ScheduleLine", "Event", "PortfolioSummary", "AuditVerification", "DailyRunReport",
    "ImportReport", "RowError", "ImportService", "ExportService", "DuplicateService", "DuplicatePair", "Merge", "validate_customer", "validate_application", "__version__",
    "ServiceSettings", "BusinessCalendar", "SlaRow", "SlaPolicy", "AssignmentRule", "standard_complaint_sla",
    "standard_service_sla", "complaint_subcategories", "InteractionService", "ComplaintService", "ClaimService",
    "ServiceRequestService", "SurveyService", "LoyaltyService", "ConsentService", "CareService", "CampaignService", "Interaction", "Complaint", "ComplaintStep", "ComplaintStats",
    "DurationStats", "Deadlines", "SlaClock", "SlaPause", "Claim", "ClaimDocument", "ClaimTransition",
    "ClaimProgress", "ServiceRequest", "ServiceRequestStep", "SurveyResponse", "NpsSummary", "KindMean",
    "SatisfactionMean", "SatisfactionReport", "SegmentService", "Segment", "StoredRule", "SegmentSnapshot",
    "SegmentMovement", "Portfolio", "ParetoCurve", "ValueLoyaltyMatrix", "Kpis", "KpiRate", "KpiCampaignRoi", "BehaviourStats",
    "AgentActivity", "AgentComparison", "AgentAnalytics", "quintile_scores",
    "value_tiers", "pareto_curve", "lifetime_value",
]

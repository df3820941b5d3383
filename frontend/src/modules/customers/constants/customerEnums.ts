import type {
  ActivityKind,
  CustomerKind,
  CustomerStatus,
  Gender,
  Grade,
  MaritalStatus,
  PoolStatus,
  RiskLevel,
  RfmSegment,
  SortDirection,
} from "../../../generated/graphql";
import type { CustomerSortKey } from "../utils/customerAccess";

export const CUSTOMER_KINDS: readonly CustomerKind[] = ["COMPANY", "PERSON"];
export const CUSTOMER_STATUSES: readonly CustomerStatus[] = ["PROSPECT", "ACTIVE", "DORMANT", "LOST"];
export const GRADES: readonly Grade[] = ["A", "B", "C", "D"];
export const SEGMENTS: readonly RfmSegment[] = ["HIGH_VALUE", "NEW", "LOYAL", "AT_RISK", "DORMANT", "POTENTIAL", "NONE"];
export const POOL_STATUSES: readonly PoolStatus[] = ["PRIVATE", "PUBLIC"];
export const SORT_KEYS: readonly CustomerSortKey[] = ["NAME", "CREATED_AT", "UPDATED_AT", "LAST_ACTIVITY_AT", "GRADE"];
export const SORT_DIRECTIONS: readonly SortDirection[] = ["ASC", "DESC"];
export const ACTIVITY_KINDS: readonly ActivityKind[] = ["CALL", "MEETING", "VISIT", "EMAIL", "NOTE"];

export const STATUS_COLORS: Record<CustomerStatus, string> = {
  PROSPECT: "blue",
  ACTIVE: "green",
  DORMANT: "orange",
  LOST: "default",
};

export const GRADE_COLORS: Record<Grade, string> = { A: "gold", B: "geekblue", C: "cyan", D: "default" };

export const SEGMENT_COLORS: Record<RfmSegment, string> = {
  HIGH_VALUE: "magenta",
  NEW: "blue",
  LOYAL: "green",
  AT_RISK: "red",
  DORMANT: "orange",
  POTENTIAL: "purple",
  NONE: "default",
};

/** Page sizes the list offers (the API caps pages at 100). */
export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export const GENDERS = ["MALE", "FEMALE", "OTHER"] as const satisfies readonly Gender[];
export const MARITAL_STATUSES = ["SINGLE", "MARRIED", "DIVORCED", "WIDOWED"] as const satisfies readonly MaritalStatus[];
export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const satisfies readonly RiskLevel[];
export const RISK_COLORS: Record<RiskLevel, string> = { LOW: "green", MEDIUM: "orange", HIGH: "red" };

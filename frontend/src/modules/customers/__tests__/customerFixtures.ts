import type { Viewer } from "../../auth/types/Viewer";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerWith } from "../../../testing/fixtures";

type Access = "MASKED" | "READ" | "WRITE";
type Grant = [string, Access];

/** Grants on `Type.a b c`-style field lists, like the server's policy groups. */
const grant = (type: string, names: string, access: Access): Grant[] =>
  names.split(/\s+/).filter(Boolean).map((name): Grant => [`${type}.${name}`, access]);

const CUSTOMER_BASIC =
  "id version kind name status grade source industry province city size poolStatus ownedSince lastFollowUpAt lastActivityAt archivedAt createdAt updatedAt owner team mergedInto tags contacts activities orders timeline tasks";
const STAFF: Grant[] = [
  ...grant("User", "id email name locale active roles team permissions", "READ"),
  ...grant("Team", "id name kind parent manager", "READ"),
  ...grant("Tag", "id name color", "READ"),
  ...grant("Task", "id version title notes dueAt remindAt doneAt createdAt done assignee customer", "WRITE"),
  ...grant("Query", "viewer teams myTasks", "READ"),
  ...grant("Mutation", "activityLog taskCreate", "WRITE"),
];

const REP_GRANTS: Grant[] = [
    ...STAFF,
    ...grant("Customer", CUSTOMER_BASIC, "WRITE"),
    ...grant("Customer", "gender birthDate ageBand occupation education maritalStatus", "WRITE"),
    ...grant("Customer", "creditRating riskLevel orderSummary rfm lifetimeValue contributionRank", "WRITE"),
    ...grant("Customer", "idNumber address tickets", "WRITE"),
    ...grant("Customer", "opportunities leads poolDaysLeft", "READ"),
    ...grant("Contact", "id version name title isPrimary createdAt updatedAt customer phones emails language timeZone", "WRITE"),
    ...grant("Activity", "id kind subject body outcome occurredAt createdAt actor contact customer", "WRITE"),
    ...grant("Order", "id number channel status orderedAt currency customer totalAmount", "READ"),
    ...grant("OrderSummary", "count firstOrderAt lastOrderAt totalAmount averageAmount", "READ"),
    ...grant("Rfm", "recencyDays frequency monetary rScore fScore mScore score segment computedAt", "READ"),
    ...grant("CustomerDuplicate", "customer reasons score", "READ"),
    ...grant("CustomerGroups", "dimension total groups largest smallest", "READ"),
    ...grant("CustomerGroup", "key customers share revenue", "READ"),
    ...grant("Ticket", "id version number subject status priority createdAt customer assignee", "READ"),
    ...grant("Opportunity", "id version name amount status expectedClose stage customer owner", "WRITE"),
    ...grant("PipelineStage", "id name key position", "READ"),
    ...grant("StageChangeEntry", "at amount opportunity fromStage toStage actor", "READ"),
    ...grant("PoolMovementEntry", "kind at data user actor", "READ"),
    ...grant("Query", "customer customers customerDuplicates tags customerGroups salesForce opportunities", "READ"),
    ...grant("Mutation", "customerCreate customerUpdate contactCreate contactUpdate customerTag customerUntag", "WRITE"),
    ...grant("Mutation", "customerArchive customerUnarchive poolRelease taskUpdate taskComplete taskReopen", "WRITE"),
    ...grant("Task", "opportunity", "WRITE"),
    ...grant("ContributionRank", "overall withinRegion", "READ"),
];

/** A sales rep as the shipped policy makes one (own customers, unmasked contacts). */
export const REP_VIEWER: Viewer = viewerWith(REP_GRANTS, { roles: ["sales_rep"] });

/** A sales manager: a rep who may also merge customers. */
export const MANAGER_VIEWER: Viewer = viewerWith([...REP_GRANTS, ["Mutation.customerMerge", "WRITE"]], { roles: ["sales_manager"] });

/** A service agent: basic customer data, phones and emails masked, no sales or finance fields. */
export const AGENT_VIEWER: Viewer = viewerWith(
  [
    ...STAFF,
    ...grant("Customer", `${CUSTOMER_BASIC} tickets`, "READ"),
    ...grant("Contact", "id version name title isPrimary createdAt updatedAt customer", "READ"),
    ...grant("Contact", "phones emails", "MASKED"),
    ...grant("Activity", "id kind subject body outcome occurredAt createdAt actor contact customer", "WRITE"),
    ...grant("Order", "id number channel status orderedAt currency customer", "READ"),
    ...grant("OrderSummary", "count firstOrderAt lastOrderAt", "READ"),
    ...grant("Ticket", "id version number subject status priority createdAt customer assignee", "WRITE"),
    ...grant("Query", "customer customers customerDuplicates tags tickets", "READ"),
  ],
  { roles: ["service_agent"] },
);

const user = (id: string, name: string) => ({ __typename: "User", id, name });

export const CUSTOMER_ID = "Q3VzdG9tZXI6MQ==";

/** A Customer360 answer holding only what the variables ask for, as the server would send it. */
export const customer360Response = (
  variables: Record<string, unknown>,
  { overrides = {}, maskedPhones = false }: { overrides?: Record<string, unknown>; maskedPhones?: boolean } = {},
): FakeGraphqlResponse => {
  const on = (name: string) => variables[name] === true;
  const customer: Record<string, unknown> = {
    __typename: "Customer",
    id: CUSTOMER_ID,
    version: 3,
    name: "杭州云帆科技有限公司",
  };
  const put = (flag: string, fields: Record<string, unknown>) => {
    if (on(flag)) Object.assign(customer, fields);
  };
  put("withKind", { kind: "COMPANY" });
  put("withStatus", { status: "ACTIVE" });
  put("withGrade", { grade: "A" });
  put("withSource", { source: "展会" });
  put("withIndustry", { industry: "软件" });
  put("withProvince", { province: "浙江省" });
  put("withCity", { city: "杭州市" });
  put("withSize", { size: "50-199" });
  put("withAddress", { address: "西湖区文三路 90 号" });
  put("withPoolStatus", { poolStatus: "PRIVATE" });
  put("withArchivedAt", { archivedAt: null });
  put("withGender", { gender: "FEMALE" });
  put("withBirthDate", { birthDate: "1990-07-15" });
  put("withAgeBand", { ageBand: "35-44" });
  put("withOccupation", { occupation: "教师" });
  put("withEducation", { education: null });
  put("withMaritalStatus", { maritalStatus: "MARRIED" });
  put("withCreditRating", { creditRating: "AA" });
  put("withRiskLevel", { riskLevel: "LOW" });
  put("withContributionRank", { contributionRank: { __typename: "ContributionRank", overall: 3, withinRegion: 1 } });
  put("withLastActivityAt", { lastActivityAt: "2026-01-10T08:00:00+08:00" });
  put("withLastFollowUpAt", { lastFollowUpAt: "2026-01-10T08:00:00+08:00" });
  put("withCreatedAt", { createdAt: "2025-03-01T09:00:00+08:00" });
  put("withPoolDaysLeft", { poolDaysLeft: 2 });
  put("withLifetimeValue", { lifetimeValue: "128000.00" });
  put("withOwner", { owner: user("VXNlcjox", "李雷") });
  put("withTeam", { team: { __typename: "Team", id: "VGVhbTox", name: "华东销售一组" } });
  put("withTags", { tags: [{ __typename: "Tag", id: "VGFnOjE=", name: "VIP", color: "gold" }] });
  put("withRfm", { rfm: { __typename: "Rfm", segment: "LOYAL", score: 12 } });
  put("withOrderSummary", {
    orderSummary: {
      __typename: "OrderSummary",
      count: 2,
      lastOrderAt: "2026-01-05T10:00:00+08:00",
      ...(on("withOrderSummaryAmounts") ? { totalAmount: "128000.00" } : {}),
    },
  });
  put("withContacts", {
    contacts: [
      {
        __typename: "Contact",
        id: "Q29udGFjdDox",
        version: 2,
        name: "王芳",
        title: "采购经理",
        isPrimary: true,
        ...(on("withPhones") ? { phones: [maskedPhones ? "136****1111" : "+8613600001111"] } : {}),
        ...(on("withEmails") ? { emails: ["wang@example.cn"] } : {}),
        ...(on("withContactLanguage") ? { language: "zh-CN" } : {}),
        ...(on("withContactTimeZone") ? { timeZone: "Asia/Shanghai" } : {}),
      },
    ],
  });
  put("withOpportunities", {
    opportunities: [
      {
        __typename: "Opportunity",
        id: "T3Bwb3J0dW5pdHk6MQ==",
        name: "年度软件采购",
        amount: "56000.00",
        status: "OPEN",
        expectedClose: "2026-03-31",
        stage: { __typename: "PipelineStage", id: "U3RhZ2U6Mg==", name: "方案报价" },
      },
    ],
  });
  put("withTickets", {
    tickets: [
      {
        __typename: "Ticket",
        id: "VGlja2V0OjE=",
        number: "T-2026-000001",
        subject: "打印机无法连接",
        status: "ASSIGNED",
        priority: "HIGH",
        createdAt: "2026-01-09T10:00:00+08:00",
      },
    ],
  });
  put("withTasks", { tasks: [] });
  put("withOrders", {
    orders: {
      __typename: "OrderConnection",
      totalCount: 0,
      nodes: [],
    },
  });
  return { data: { customer: { ...customer, ...overrides } } };
};

/** A Customer360Timeline answer with one earlier call. */
export const timelineResponse = (): FakeGraphqlResponse => ({
  data: {
    customer: {
      __typename: "Customer",
      id: CUSTOMER_ID,
      timeline: {
        __typename: "TimelineEntryConnection",
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "c1" },
        edges: [
          {
            __typename: "TimelineEntryEdge",
            cursor: "c1",
            node: {
              __typename: "Activity",
              id: "QWN0aXZpdHk6MQ==",
              activityKind: "VISIT",
              subject: "上门拜访，了解需求",
              body: null,
              outcome: null,
              occurredAt: "2026-01-08T10:00:00+08:00",
              actor: user("VXNlcjox", "李雷"),
              contact: null,
            },
          },
        ],
      },
    },
  },
});

export const duplicatesResponse = (): FakeGraphqlResponse => ({ data: { customerDuplicates: [] } });

/** A CustomersList answer with two customers (fields as the include variables ask), then a next page. */
export const customersListResponse = (
  variables: Record<string, unknown>,
  { maskedPhones = false, totalCount = 42 }: { maskedPhones?: boolean; totalCount?: number } = {},
): FakeGraphqlResponse => {
  const on = (name: string) => variables[name] === true;
  const node = (id: string, name: string, phone: string) => ({
    __typename: "Customer",
    id,
    name,
    ...(on("withKind") ? { kind: "COMPANY" } : {}),
    ...(on("withStatus") ? { status: "ACTIVE" } : {}),
    ...(on("withGrade") ? { grade: "A" } : {}),
    ...(on("withProvince") ? { province: "浙江省" } : {}),
    ...(on("withCity") ? { city: "杭州市" } : {}),
    ...(on("withIndustry") ? { industry: "软件" } : {}),
    ...(on("withPoolStatus") ? { poolStatus: "PRIVATE" } : {}),
    ...(on("withLastActivityAt") ? { lastActivityAt: "2026-01-10T08:00:00+08:00" } : {}),
    ...(on("withCreatedAt") ? { createdAt: "2025-03-01T09:00:00+08:00" } : {}),
    ...(on("withOwner") ? { owner: user("VXNlcjox", "李雷") } : {}),
    ...(on("withTags") ? { tags: [{ __typename: "Tag", id: "VGFnOjE=", name: "VIP", color: "gold" }] } : {}),
    ...(on("withContacts")
      ? {
          contacts: [
            {
              __typename: "Contact",
              id: `${id}-contact`,
              name: "王芳",
              isPrimary: true,
              ...(on("withPhones") ? { phones: [maskedPhones ? "136****1111" : phone] } : {}),
            },
          ],
        }
      : {}),
    ...(on("withRfm") ? { rfm: { __typename: "Rfm", segment: "LOYAL" } } : {}),
    ...(on("withLifetimeValue") ? { lifetimeValue: "128000.00" } : {}),
  });
  return {
    data: {
      customers: {
        __typename: "CustomerConnection",
        totalCount,
        pageInfo: { __typename: "PageInfo", hasNextPage: true, endCursor: "Y3Vyc29yOjI=" },
        nodes: [node(CUSTOMER_ID, "杭州云帆科技有限公司", "+8613600001111"), node("Q3VzdG9tZXI6Mg==", "上海浦东商贸", "+8613900002222")],
      },
    },
  };
};

export const filterOptionsResponse = (): FakeGraphqlResponse => ({
  data: {
    tags: [{ __typename: "Tag", id: "VGFnOjE=", name: "VIP", color: "gold" }],
    salesForce: [user("VXNlcjox", "李雷"), user("VXNlcjoy", "韩梅梅")],
    provinces: { __typename: "CustomerGroups", groups: [{ __typename: "CustomerGroup", key: "浙江省", customers: 12 }] },
    industries: { __typename: "CustomerGroups", groups: [{ __typename: "CustomerGroup", key: "软件", customers: 5 }] },
  },
});

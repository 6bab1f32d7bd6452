import type { EmploymentType, InteractionType } from "@crm/domain";

/**
 * The demo workspace's records. Names, emails and websites use the reserved
 * `.example` domain, so no real person or company is addressed.
 */

export const DEMO_WORKSPACE_NAME = "Northwind Demo";

/** The admin user's display name, which is also the name of the staff person linked to the admin. */
export const DEMO_ADMIN_NAME = "Morgan Reyes";

export interface DemoStaffPerson {
  readonly name: string;
  readonly jobTitle: string;
  readonly employmentType: EmploymentType;
  readonly email: string;
}

export const DEMO_STAFF: readonly DemoStaffPerson[] = [
  { name: DEMO_ADMIN_NAME, jobTitle: "Head of Sales", employmentType: "full_time", email: "morgan.reyes@northwind.example" },
  { name: "Priya Natarajan", jobTitle: "Account Executive", employmentType: "full_time", email: "priya.natarajan@northwind.example" },
  { name: "Tom Becker", jobTitle: "Customer Success Manager", employmentType: "part_time", email: "tom.becker@northwind.example" },
  { name: "Lena Okafor", jobTitle: "Solutions Engineer", employmentType: "contractor", email: "lena.okafor@northwind.example" },
  { name: "Jonas Weber", jobTitle: "Sales Development Intern", employmentType: "intern", email: "jonas.weber@northwind.example" },
];

export interface DemoCompany {
  readonly key: string;
  readonly name: string;
  readonly website: string;
  readonly industry: string;
  readonly email: string;
  readonly phone: string;
  readonly address: string;
  /** The time zone of its people, used for interactions with them. */
  readonly timeZone: string;
}

export const DEMO_COMPANIES: readonly DemoCompany[] = [
  {
    key: "harbor",
    name: "Harbor Logistics",
    website: "https://harbor-logistics.example",
    industry: "Logistics",
    email: "info@harbor-logistics.example",
    phone: "+49 40 5550 1200",
    address: "Am Sandtorkai 12\n20457 Hamburg\nGermany",
    timeZone: "Europe/Berlin",
  },
  {
    key: "bluefin",
    name: "Bluefin Analytics",
    website: "https://bluefin-analytics.example",
    industry: "Software",
    email: "hello@bluefin-analytics.example",
    phone: "+44 20 7946 0311",
    address: "18 Clerkenwell Road\nLondon EC1M 5RN\nUnited Kingdom",
    timeZone: "Europe/London",
  },
  {
    key: "crestview",
    name: "Crestview Medical Supplies",
    website: "https://crestview-medical.example",
    industry: "Healthcare",
    email: "orders@crestview-medical.example",
    phone: "+1 617 555 0148",
    address: "400 Atlantic Avenue\nBoston, MA 02110\nUnited States",
    timeZone: "America/New_York",
  },
  {
    key: "alder",
    name: "Alder & Finch Architects",
    website: "https://alderfinch.example",
    industry: "Architecture",
    email: "studio@alderfinch.example",
    phone: "+31 20 555 0193",
    address: "Prinsengracht 263\n1016 GV Amsterdam\nNetherlands",
    timeZone: "Europe/Amsterdam",
  },
  {
    key: "sunridge",
    name: "Sunridge Foods",
    website: "https://sunridge-foods.example",
    industry: "Food manufacturing",
    email: "contact@sunridge-foods.example",
    phone: "+1 312 555 0172",
    address: "2200 W Fulton Street\nChicago, IL 60612\nUnited States",
    timeZone: "America/Chicago",
  },
];

export interface DemoMembership {
  readonly company: string;
  readonly roleInCompany: string;
  readonly department: string;
}

export interface DemoContact {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly notes?: string;
  /** The first one is the primary membership. */
  readonly memberships: readonly DemoMembership[];
}

export const DEMO_CONTACTS: readonly DemoContact[] = [
  contact("hanna", "Hanna Schulz", "hanna.schulz@harbor-logistics.example", "+49 40 5550 1234", [
    { company: "harbor", roleInCompany: "Head of Operations", department: "Operations" },
  ]),
  contact("felix", "Felix Brandt", "felix.brandt@harbor-logistics.example", "+49 40 5550 1241", [
    { company: "harbor", roleInCompany: "Procurement Lead", department: "Procurement" },
  ]),
  contact("marta", "Marta Kowalski", "marta.kowalski@harbor-logistics.example", "+49 40 5550 1257", [
    { company: "harbor", roleInCompany: "IT Manager", department: "IT" },
  ]),
  contact("david", "David Lindqvist", "david.lindqvist@harbor-logistics.example", "+49 40 5550 1262", [
    { company: "harbor", roleInCompany: "Finance Controller", department: "Finance" },
  ]),
  contact("oliver", "Oliver Grant", "oliver.grant@harbor-logistics.example", "+49 40 5550 1270", [
    { company: "harbor", roleInCompany: "Data Analyst", department: "Operations" },
  ]),
  contact("amelia", "Amelia Hart", "amelia.hart@bluefin-analytics.example", "+44 20 7946 0320", [
    { company: "bluefin", roleInCompany: "Chief Executive Officer", department: "Management" },
  ]),
  contact("raj", "Raj Malhotra", "raj.malhotra@bluefin-analytics.example", "+44 20 7946 0327", [
    { company: "bluefin", roleInCompany: "VP Engineering", department: "Engineering" },
  ]),
  contact("sophie", "Sophie Turner-Blake", "sophie.tb@bluefin-analytics.example", "+44 20 7946 0334", [
    { company: "bluefin", roleInCompany: "Product Manager", department: "Product" },
  ]),
  contact("kwame", "Kwame Mensah", "kwame.mensah@bluefin-analytics.example", "+44 20 7946 0341", [
    { company: "bluefin", roleInCompany: "Partnerships Manager", department: "Sales" },
    { company: "alder", roleInCompany: "Advisory Board Member", department: "Board" },
  ]),
  contact("ellen", "Ellen Park", "ellen.park@crestview-medical.example", "+1 617 555 0150", [
    { company: "crestview", roleInCompany: "Director of Purchasing", department: "Purchasing" },
  ]),
  contact("marcus", "Marcus Webb", "marcus.webb@crestview-medical.example", "+1 617 555 0163", [
    { company: "crestview", roleInCompany: "Compliance Officer", department: "Legal" },
  ]),
  contact("isabel", "Isabel Duarte", "isabel.duarte@crestview-medical.example", "+1 617 555 0177", [
    { company: "crestview", roleInCompany: "Warehouse Supervisor", department: "Logistics" },
  ]),
  contact("nathan", "Nathan Cole", "nathan.cole@crestview-medical.example", "+1 617 555 0184", [
    { company: "crestview", roleInCompany: "IT Director", department: "IT" },
    { company: "bluefin", roleInCompany: "Customer Advisory Council", department: "Product" },
  ]),
  contact("femke", "Femke de Vries", "femke.devries@alderfinch.example", "+31 20 555 0201", [
    { company: "alder", roleInCompany: "Managing Partner", department: "Management" },
  ]),
  contact("lucas", "Lucas Moreau", "lucas.moreau@alderfinch.example", "+31 20 555 0214", [
    { company: "alder", roleInCompany: "Project Architect", department: "Design" },
  ]),
  contact("yuki", "Yuki Tanaka", "yuki.tanaka@alderfinch.example", "+31 20 555 0228", [
    { company: "alder", roleInCompany: "Office Manager", department: "Operations" },
  ]),
  contact("bram", "Bram Jansen", "bram.jansen@alderfinch.example", "+31 20 555 0236", [
    { company: "alder", roleInCompany: "Junior Architect", department: "Design" },
  ]),
  contact("grace", "Grace Okonkwo", "grace.okonkwo@sunridge-foods.example", "+1 312 555 0180", [
    { company: "sunridge", roleInCompany: "Supply Chain Director", department: "Supply Chain" },
  ]),
  contact("peter", "Peter Novak", "peter.novak@sunridge-foods.example", "+1 312 555 0189", [
    { company: "sunridge", roleInCompany: "Plant Manager", department: "Production" },
  ]),
  contact("laura", "Laura Jimenez", "laura.jimenez@sunridge-foods.example", "+1 312 555 0195", [
    { company: "sunridge", roleInCompany: "Quality Assurance Lead", department: "Quality" },
    { company: "crestview", roleInCompany: "External Auditor", department: "Quality" },
  ]),
  contact("sam", "Sam O'Connor", "sam.oconnor@sunridge-foods.example", "+1 312 555 0197", [
    { company: "sunridge", roleInCompany: "Buyer", department: "Purchasing" },
  ]),
  contact("chloe", "Chloe Martin", "chloe.martin@sunridge-foods.example", "+1 312 555 0199", [
    { company: "sunridge", roleInCompany: "Marketing Manager", department: "Marketing" },
  ]),
  contact("ines", "Inês Carvalho", "ines.carvalho@mail.example", "+351 21 555 0142", [], "Independent consultant; introduced us to Sunridge."),
  contact("viktor", "Viktor Petrov", "viktor.petrov@mail.example", "+359 2 555 0118", [], "Met at LogiMAT; interested in a pilot for a new venture."),
  contact("aisha", "Aisha Rahman", "aisha.rahman@harbor-logistics.example", "+49 40 5550 1288", [
    { company: "harbor", roleInCompany: "Customer Service Lead", department: "Customer Service" },
  ]),
];

/**
 * Contacts that change after the first interactions are logged, so that the
 * as-of-then snapshots of those interactions differ from the current records.
 */
export interface DemoCareerMove {
  readonly contact: string;
  readonly leaves: string;
  readonly joins: DemoMembership;
}

export const DEMO_CAREER_MOVES: readonly DemoCareerMove[] = [
  { contact: "oliver", leaves: "harbor", joins: { company: "bluefin", roleInCompany: "Solutions Consultant", department: "Sales" } },
  { contact: "chloe", leaves: "sunridge", joins: { company: "crestview", roleInCompany: "Head of Marketing", department: "Marketing" } },
  { contact: "bram", leaves: "alder", joins: { company: "harbor", roleInCompany: "Facilities Planner", department: "Operations" } },
];

/** Free-text parties: people who are not in the CRM as contacts. */
export const DEMO_FREE_TEXT_PARTIES: readonly string[] = [
  "Legal counsel (external)",
  "Sam from their procurement team",
  "Dr. Helen Brooks",
  "Their new CFO",
  "Reception desk",
  "Auditor from TÜV",
];

export interface DemoInteractionTemplate {
  readonly type: InteractionType;
  readonly subject: string;
  /** Lines of the body, with `{contact}`, `{company}` and `{staff}` filled in. */
  readonly body: readonly string[];
}

export const DEMO_INTERACTION_TEMPLATES: readonly DemoInteractionTemplate[] = [
  {
    type: "call",
    subject: "Intro call",
    body: [
      "Spoke with {contact} for about 30 minutes about how {company} tracks customer conversations today.",
      "",
      "- Today: shared inbox plus a spreadsheet per region",
      "- Pain: nobody sees who last spoke to a customer",
      "- Next: send the overview deck and propose a demo",
    ],
  },
  {
    type: "call",
    subject: "Follow-up on pricing",
    body: [
      "{contact} asked whether annual billing includes the onboarding package.",
      "Confirmed it does for 25 seats or more; {staff} will send the written quote by Friday.",
    ],
  },
  {
    type: "call",
    subject: "Support escalation",
    body: [
      "Urgent call: imports from their ERP stopped overnight.",
      "Root cause was an expired API key on their side. Walked {contact} through rotating it.",
      "",
      "Agreed to add a reminder 30 days before expiry.",
    ],
  },
  {
    type: "email",
    subject: "Proposal sent",
    body: [
      "Sent the proposal for {company} with three options (Starter, Team, Enterprise).",
      "",
      "Highlighted the Team plan; {contact} said budget approval happens at the end of the quarter.",
    ],
  },
  {
    type: "email",
    subject: "Security questionnaire",
    body: [
      "{contact} forwarded their vendor security questionnaire (42 questions).",
      "{staff} answered the data residency and encryption sections; legal reviews the DPA.",
    ],
  },
  {
    type: "email",
    subject: "Contract renewal reminder",
    body: [
      "Reminded {contact} that the contract renews in 60 days.",
      "Offered to review seat counts first: they expect to add a team in the spring.",
    ],
  },
  {
    type: "email",
    subject: "Thank-you note after the workshop",
    body: ["Thanked {contact} and the team for hosting us.", "Attached the workshop notes and the agreed action list."],
  },
  {
    type: "meeting",
    subject: "Product demo",
    body: [
      "Demo at {company} with {contact} and two colleagues.",
      "",
      "Went well:",
      "- the contact history and company roll-up",
      "- offline editing on the warehouse tablets",
      "",
      "Open questions: single sign-on timeline, data export format.",
    ],
  },
  {
    type: "meeting",
    subject: "Quarterly business review",
    body: [
      "QBR with {contact}. Usage is up 18% since last quarter; 3 teams are still on spreadsheets.",
      "Agreed goals for next quarter:",
      "1. Move the remaining teams over",
      "2. Train new starters monthly",
      "3. Review reporting needs with finance",
    ],
  },
  {
    type: "meeting",
    subject: "Onboarding workshop",
    body: [
      "Half-day onboarding with {contact}'s team, led by {staff}.",
      "Imported 1,240 contacts; cleaned up 37 duplicates together.",
    ],
  },
  {
    type: "meeting",
    subject: "Lunch at the trade fair",
    body: ["Caught up with {contact} over lunch.", "They are expanding into two new markets next year; worth a call in Q3."],
  },
  {
    type: "note",
    subject: "Decision makers",
    body: [
      "At {company}, {contact} owns the budget; IT has a veto on integrations.",
      "Keep the procurement team in copy on anything contractual.",
    ],
  },
  {
    type: "note",
    subject: "Internal hand-over",
    body: [
      "{staff} takes over the {company} account from next month.",
      "History is complete up to today; the open items are in the last QBR note.",
    ],
  },
  {
    type: "note",
    subject: "",
    body: ["{contact} prefers calls before 10:00 their time and dislikes long email threads."],
  },
  {
    type: "other",
    subject: "Sent a gift basket",
    body: ["Sent a small gift basket to {contact} to celebrate their go-live."],
  },
];

function contact(
  key: string,
  name: string,
  email: string,
  phone: string,
  memberships: readonly DemoMembership[],
  notes?: string,
): DemoContact {
  return notes === undefined ? { key, name, email, phone, memberships } : { key, name, email, phone, memberships, notes };
}

/**
 * The metadata model: what a workspace's business objects and fields are.
 * Everything here is plain data so it can be stored as JSON, cached per
 * metadata version, and compiled into SQL and JSON Schema by pure functions.
 */

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedText = Partial<Record<Locale, string>>;

/** Field types a customer can create. */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'longText',
  'richText',
  'integer',
  'decimal',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'email',
  'phone',
  'url',
  'picklist',
  'multiPicklist',
  'lookup',
  'masterDetail',
  'autoNumber',
  'json',
  'formula',
  'rollup',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Types only the platform uses, for system fields. */
export type SystemFieldType = 'id' | 'userRef';
export type FieldType = CustomFieldType | SystemFieldType;

export type DeleteRule = 'restrict' | 'setNull' | 'cascade';

export type PicklistValue = {
  apiName: string;
  label: LocalizedText;
  order: number;
  color?: string;
  active: boolean;
  /** Free metadata, e.g. { probability: 40, closed: true, won: false }. */
  meta?: Record<string, unknown>;
};

export type FieldDef = {
  apiName: string;
  type: FieldType;
  label: LocalizedText;
  helpText?: LocalizedText;
  required: boolean;
  unique: boolean;
  /** Usable as the key of upserts (`PUT /api/records/{object}/by/{field}/{value}`); implies unique. */
  externalId: boolean;
  /** System fields (id, name, ownerId, createdAt, ...) cannot be deleted or retyped. */
  system: boolean;
  defaultValue?: unknown;
  /** text, email, phone, url: maximum characters. */
  maxLength?: number;
  /** decimal, currency, percent: total digits and digits after the point. */
  precision?: number;
  scale?: number;
  /** picklist, multiPicklist */
  values?: PicklistValue[];
  /** lookup, masterDetail: the target object's apiName. */
  target?: string;
  deleteRule?: DeleteRule;
  /** autoNumber: e.g. "Q-{YYYY}-{000000}". */
  pattern?: string;
  /** formula: the expression computing the value (see docs/formula-language.md); no column stores it. */
  formula?: string;
  /** formula: the type of the computed value; rollup: derived from the function and the summarised field. */
  returnType?: FormulaReturnType;
  /** rollup: what it summarises; no column stores it either. */
  rollup?: RollupDef;
  /** Evaluated when a record is created without a value for this field (see docs/formula-language.md). */
  defaultFormula?: string;
  /** A boolean formula: when true on save, the field must have a value. */
  requiredWhen?: string;
  /**
   * Found by global and list search (text-like types and auto-numbers only). Absent: text,
   * email, phone and auto-number fields are, long text and URLs are not (search/search-text.ts).
   */
  searchable?: boolean;
};

export const ROLLUP_FUNCTIONS = ['count', 'sum', 'min', 'max'] as const;
export type RollupFunction = (typeof ROLLUP_FUNCTIONS)[number];
/**
 * A roll-up summary: an aggregate over the detail records pointing at a
 * master through `via` (a lookup or master-detail of `object`), computed in
 * SQL at read time from committed rows, over every detail whoever reads.
 */
export type RollupDef = {
  /** The detail object. */
  object: string;
  /** The detail's reference field pointing at this (master) object. */
  via: string;
  function: RollupFunction;
  /** sum, min, max: a number, currency, percent, date or datetime field of the detail. */
  field?: string;
  /** A boolean formula over the detail record: only details for which it is true count. */
  filter?: string;
};

/** What a formula field computes; currency is an amount rounded to 2 places (a formula does not carry a currency code). */
export const FORMULA_RETURN_TYPES = ['number', 'text', 'boolean', 'date', 'datetime', 'currency'] as const;
export type FormulaReturnType = (typeof FORMULA_RETURN_TYPES)[number];

export type ObjectDef = {
  apiName: string;
  label: LocalizedText;
  pluralLabel?: LocalizedText;
  description?: LocalizedText;
  /**
   * Organisation-wide default: who sees records they do not own and that
   * nobody shared with them. Absent means publicReadWrite (so objects
   * defined before sharing existed keep behaving as they did).
   */
  sharingModel?: SharingModel;
  /**
   * A lookup field (e.g. `account`) whose target's owner — and everyone above
   * that owner in the role hierarchy — may read this record even when the
   * object is private and someone else owns it. Read only: editing still
   * follows the record's own sharing. Absent means no implicit access.
   */
  implicitParentAccess?: string;
  /**
   * Whether the object takes part in global search (GET /api/search, the top
   * bar). Absent means it does; only `false` is stored. Its records stay
   * indexed and its list's quick search keeps working, so switching it back
   * on is immediate and someone already in the list still finds records.
   */
  searchable?: boolean;
  /** Where the object belongs in navigation (e.g. marketing, sales, service, club); absent: with other objects. */
  category?: string;
  /** The columns lists show by default, in order (API names); absent: the name and the object's own fields. */
  listColumns?: string[];
  /** Fields in display order; always contains the system fields. */
  fields: FieldDef[];
  /** Checked on every create and update, whatever the source; absent means none. */
  validationRules?: ValidationRule[];
  /** State machines on picklist fields; absent means any value may follow any other. */
  processes?: ProcessDef[];
  /** Automation: triggers, a condition and ordered actions; absent means none. */
  automationRules?: AutomationRule[];
  /** Who gets new records, used by the automation action `assign`. */
  assignmentRules?: AssignmentRule[];
  /** Approval processes: submit, ordered steps with approvers, the record locked while pending. */
  approvalProcesses?: ApprovalProcess[];
};

/**
 * A process: the allowed moves of one picklist field (opportunity stage,
 * case status, quote status). A move not listed is refused; a move may be
 * limited to some roles and guarded by a boolean formula. Fields required
 * in a state are said on the picklist value (`meta.requires`), so they hold
 * however the record got there. Time in each state comes from field history.
 */
export type ProcessTransition = {
  /** A value of the field, or "*" for any. */
  from: string;
  to: string;
  /** Role ids allowed to make this move (and, through the hierarchy, nobody else); absent means anyone who may edit the record. */
  roles?: string[];
  /** A boolean formula that must be true for the move (it may use PRIORVALUE). */
  guard?: string;
  /** Shown when the guard refuses the move. */
  message?: LocalizedText;
};
export type ProcessDef = {
  apiName: string;
  field: string;
  label?: LocalizedText;
  /** Values a new record may start in; absent means any. */
  initial?: string[];
  transitions: ProcessTransition[];
  active: boolean;
};
export const MAX_PROCESSES_PER_OBJECT = 10;

/**
 * A rule a record must satisfy: `condition` is a boolean formula that is
 * true when the record is INVALID; the write is then refused with
 * `message`, reported on `field` when given.
 */
export type ValidationRule = {
  apiName: string;
  condition: string;
  message: LocalizedText;
  field?: string;
  active: boolean;
};
export const MAX_VALIDATION_RULES_PER_OBJECT = 100;

/**
 * What starts an automation rule. Record events (create, update, delete, a
 * field changed, a state entered) are seen in the write path; scheduled
 * ones (a date field plus an offset, time spent in a state) by the
 * scheduler, which enqueues each (rule, record, due time) once.
 */
export type AutomationTrigger =
  | { on: 'create' }
  | { on: 'update' }
  | { on: 'delete' }
  | { on: 'fieldChanged'; field: string }
  | { on: 'stateEntered'; field: string; value: string }
  | { on: 'scheduled'; field: string; offsetDays: number }
  | { on: 'timeInState'; field: string; value: string; afterHours: number };
export const AUTOMATION_TRIGGER_KINDS = ['create', 'update', 'delete', 'fieldChanged', 'stateEntered', 'scheduled', 'timeInState'] as const;

/**
 * Field values an action writes: a string is a formula evaluated on the
 * triggering record (`"\"high\""` is the text high), any other JSON value
 * is written as it is.
 */
export type AutomationValues = Record<string, unknown>;
/** 'owner' is the triggering record's owner; otherwise a user id. */
export type AutomationRecipient = string;
export type AutomationAction =
  | { type: 'updateFields'; values: AutomationValues }
  | { type: 'createRecord'; object: string; values: AutomationValues }
  | { type: 'createTask'; subject: string; dueInDays?: number; assignTo?: AutomationRecipient }
  | { type: 'notify'; to: AutomationRecipient; message: LocalizedText }
  | { type: 'webhook'; url: string }
  /** to: 'owner', 'contact' (the record's contact lookup), an email field of the object, or an address. */
  | { type: 'email'; to: string; subject: string; body: string }
  | { type: 'assign'; rule: string }
  /** Submits the record for approval (the named process, or the first whose entry criteria hold), as the user whose change triggered the rule. */
  | { type: 'submitForApproval'; process?: string };
export const AUTOMATION_ACTION_TYPES = ['updateFields', 'createRecord', 'createTask', 'notify', 'webhook', 'email', 'assign', 'submitForApproval'] as const;

export type AutomationRule = {
  apiName: string;
  label?: LocalizedText;
  active: boolean;
  trigger: AutomationTrigger;
  /** A boolean formula (PRIORVALUE and ISCHANGED allowed); absent means always. */
  condition?: string;
  actions: AutomationAction[];
};
export const MAX_AUTOMATION_RULES_PER_OBJECT = 50;
export const MAX_ACTIONS_PER_RULE = 20;

/**
 * Who gets a record: the first entry whose condition holds decides —
 * a user, the next user of a role in turn, or the user of a role with the
 * fewest open records of the object.
 */
export type AssignmentTarget = { user: string } | { roleRoundRobin: string } | { roleLeastLoaded: string };
export type AssignmentEntry = { condition?: string; assignTo: AssignmentTarget };
export type AssignmentRule = { apiName: string; label?: LocalizedText; active: boolean; entries: AssignmentEntry[] };

/** controlledByParent: a detail record (of a master-detail field) is reachable exactly as its master record is. */
export const SHARING_MODELS = ['private', 'publicRead', 'publicReadWrite', 'controlledByParent'] as const;
export type SharingModel = (typeof SHARING_MODELS)[number];

/** A workspace's metadata at one version: what every request compiles against. */
export type WorkspaceMetadata = {
  /** Postgres schema holding this workspace's business tables. */
  schema: string;
  version: number;
  objects: Record<string, ObjectDef>;
};

export const SYSTEM_FIELD_NAMES = ['id', 'name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;
export type SystemFieldName = (typeof SYSTEM_FIELD_NAMES)[number];

/** API names of objects and fields: stable lowerCamel identifiers. */
export const API_NAME_PATTERN = /^[a-z][A-Za-z0-9]{0,39}$/;

/** Caps that keep a workspace within what Postgres and the UI handle well (a table holds at most 1600 columns). */
export const MAX_OBJECTS = 1000;
export const MAX_FIELDS_PER_OBJECT = 500;
export const MAX_PICKLIST_VALUES = 1000;

/**
 * How a type change proves every existing value converts before the column
 * is altered: 'none' when every value of the old type has a form in the new
 * one, otherwise the name of the check the schema manager runs in SQL.
 */
export type ConversionCheck =
  | 'none'
  | 'integer'
  | 'decimal'
  | 'wholeNumber'
  | 'numericFit'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklistValues'
  | 'singleValue';

/**
 * What a field edit needs from the database, in the order it must run.
 * Edits that only touch metadata (labels, help text, delete rules, which
 * the record service enforces, picklist labels, colours and activation)
 * produce no change.
 */
export type FieldChange =
  /** Refused if a record still uses one of these values. */
  | { kind: 'removePicklistValues'; values: string[] }
  /** Check every non-null value converts, then alter the column (if its SQL type differs). */
  | { kind: 'convertType'; from: FieldType; to: FieldType; check: ConversionCheck }
  /** numeric(p,s) changes: every value must fit without rounding. */
  | { kind: 'resizeNumeric'; precision: number; scale: number }
  /** Text values must be at most this many characters. */
  | { kind: 'checkMaxLength'; maxLength: number }
  | { kind: 'setRequired'; required: boolean }
  | { kind: 'setUnique'; unique: boolean };

/**
 * Who approves a step: a named user, the manager of whoever submitted
 * (a user whose role is the parent of the submitter's role), or any user
 * of a role. Users and roles are checked against the workspace when the
 * process is saved, and resolved again at each decision.
 */
export type ApprovalApprover = { user: string } | { submitterManager: true } | { role: string };
export type ApprovalStep = {
  name?: string;
  approver: ApprovalApprover;
  /** A boolean formula: the step applies only when true on the record as it is when the step is reached. */
  criteria?: string;
};
/** Field values written by an approval outcome: a string is a formula, any other JSON value a literal (as in automation). */
export type ApprovalFieldUpdates = { updateFields: AutomationValues };
export type ApprovalProcess = {
  apiName: string;
  label?: LocalizedText;
  active: boolean;
  /** A boolean formula that must hold for a record to be submitted; absent means any record. */
  entryCriteria?: string;
  steps: ApprovalStep[];
  onSubmit?: ApprovalFieldUpdates;
  onApprove?: ApprovalFieldUpdates;
  onReject?: ApprovalFieldUpdates;
  /** When the submitter (or an administrator) withdraws a pending request. */
  onRecall?: ApprovalFieldUpdates;
};
export const MAX_APPROVAL_PROCESSES_PER_OBJECT = 20;
export const MAX_APPROVAL_STEPS = 20;

import type { Locale } from '../../metadata/types.ts';

/**
 * The document's own words in each shipped language. Names of objects and
 * fields come from metadata labels; these are the fixed phrases around them.
 * Templates use {name} placeholders, as errors/messages.ts does.
 */
const TEXT = {
  apiDescription: {
    en: 'The REST API of one Mainline CRM workspace, generated from its metadata (version {version}). Every error is an RFC 9457 application/problem+json document with a stable `code`.',
    'zh-CN': 'Mainline CRM 工作区的 REST API，由该工作区的元数据（版本 {version}）生成。所有错误都以 RFC 9457 application/problem+json 文档返回，并带有稳定的 `code`。',
    'zh-TW': 'Mainline CRM 工作區的 REST API，由該工作區的中繼資料（版本 {version}）產生。所有錯誤皆以 RFC 9457 application/problem+json 文件回傳，並附有穩定的 `code`。',
  },
  bearerAuth: {
    en: 'A session token (from POST /api/auth/login) or an API key, as `Authorization: Bearer <token>`.',
    'zh-CN': '会话令牌（由 POST /api/auth/login 获得）或 API 密钥，以 `Authorization: Bearer <token>` 发送。',
    'zh-TW': '工作階段權杖（由 POST /api/auth/login 取得）或 API 金鑰，以 `Authorization: Bearer <token>` 傳送。',
  },
  cookieAuth: {
    en: 'The session cookie that POST /api/auth/login sets.',
    'zh-CN': 'POST /api/auth/login 设置的会话 Cookie。',
    'zh-TW': 'POST /api/auth/login 設定的工作階段 Cookie。',
  },
  // tags
  tagAuth: { en: 'Signing in and out, and who is signed in.', 'zh-CN': '登录、退出与当前用户。', 'zh-TW': '登入、登出與目前使用者。' },
  tagMetadata: { en: 'The objects and fields of the workspace.', 'zh-CN': '工作区的对象与字段。', 'zh-TW': '工作區的物件與欄位。' },
  tagRecords: {
    en: 'Records of any object, addressed by its API name; for objects created after this document was generated.',
    'zh-CN': '按 API 名称访问任意对象的记录；适用于本文档生成之后新建的对象。',
    'zh-TW': '依 API 名稱存取任意物件的記錄；適用於本文件產生之後新增的物件。',
  },
  tagComposite: { en: 'All-or-none batches of record operations.', 'zh-CN': '全部成功或全部回滚的记录批量操作。', 'zh-TW': '全部成功或全部復原的記錄批次操作。' },
  tagEvents: { en: 'Change events in commit order, for integrations.', 'zh-CN': '按提交顺序排列的变更事件，供系统集成使用。', 'zh-TW': '依提交順序排列的變更事件，供系統整合使用。' },
  tagSystem: { en: 'Health check and this document.', 'zh-CN': '健康检查与本文档。', 'zh-TW': '健康檢查與本文件。' },
  tagObject: { en: 'Records of {label}.', 'zh-CN': '{label}记录。', 'zh-TW': '{label}記錄。' },
  // the generic object's names
  record: { en: 'record', 'zh-CN': '记录', 'zh-TW': '記錄' },
  records: { en: 'records', 'zh-CN': '记录', 'zh-TW': '記錄' },
  // record operations
  listSummary: { en: 'List {plural}', 'zh-CN': '查询{plural}列表', 'zh-TW': '查詢{plural}清單' },
  listDescription: {
    en: 'One page of records in sort order. Related fields requested through `fields` (e.g. `account.name`) come back as flat dotted keys.',
    'zh-CN': '按排序返回一页记录。通过 `fields` 请求的关联字段（如 `account.name`）以扁平的点号键返回。',
    'zh-TW': '依排序回傳一頁記錄。透過 `fields` 要求的關聯欄位（如 `account.name`）以扁平的點號鍵回傳。',
  },
  createSummary: { en: 'Create {label}', 'zh-CN': '新建{label}', 'zh-TW': '新增{label}' },
  createDescription: {
    en: 'Fields left out take their defaults and `ownerId` defaults to the caller. A client may send its own `id` (e.g. a UUIDv7 minted offline).',
    'zh-CN': '未提供的字段取默认值，`ownerId` 默认为调用者。客户端可以自带 `id`（例如离线生成的 UUIDv7）。',
    'zh-TW': '未提供的欄位取預設值，`ownerId` 預設為呼叫者。用戶端可以自帶 `id`（例如離線產生的 UUIDv7）。',
  },
  getSummary: { en: 'Get {label}', 'zh-CN': '获取{label}', 'zh-TW': '取得{label}' },
  updateSummary: { en: 'Update {label}', 'zh-CN': '更新{label}', 'zh-TW': '更新{label}' },
  updateDescription: {
    en: 'Changes only the fields sent; null clears a field that is not required.',
    'zh-CN': '只修改请求中提供的字段；null 清空非必填字段。',
    'zh-TW': '只修改請求中提供的欄位；null 清除非必填欄位。',
  },
  deleteSummary: { en: 'Delete {label}', 'zh-CN': '删除{label}', 'zh-TW': '刪除{label}' },
  deleteDescription: {
    en: 'Applies the delete rule of every lookup pointing at the record first: restrict refuses (409), setNull clears the lookup, cascade deletes the referencing records.',
    'zh-CN': '先执行指向该记录的各查找字段的删除规则：restrict 拒绝删除（409），setNull 清空查找字段，cascade 级联删除引用它的记录。',
    'zh-TW': '先執行指向該記錄的各查閱欄位的刪除規則：restrict 拒絕刪除（409），setNull 清除查閱欄位，cascade 連帶刪除參照它的記錄。',
  },
  historySummary: { en: 'Field history of {label}', 'zh-CN': '{label}的字段历史', 'zh-TW': '{label}的欄位歷程' },
  historyDescription: { en: 'Changes to the record, newest first.', 'zh-CN': '该记录的变更，最新的在前。', 'zh-TW': '該記錄的變更，最新的在前。' },
  upsertSummary: { en: 'Create or update {label} by {field}', 'zh-CN': '按{field}新建或更新{label}', 'zh-TW': '依{field}新增或更新{label}' },
  upsertDescription: {
    en: 'Updates the record whose {field} equals the value in the path, or creates one with that value (then the body must also satisfy the create schema). The body may repeat the value but not change it.',
    'zh-CN': '更新{field}等于路径中取值的记录；若不存在则以该值新建一条（此时请求体还须满足新建的要求）。请求体可以重复该值，但不能修改它。',
    'zh-TW': '更新{field}等於路徑中取值的記錄；若不存在則以該值新增一筆（此時請求內容還須符合新增的要求）。請求內容可以重複該值，但不能修改它。',
  },
  // parameters
  paramFilter: {
    en: 'Which records to return: JSON (the FilterTree schema), or the compact form `field[op]:value`, items joined by commas (all must hold) and grouped with and(…), or(…), not(…). Operators: {ops}. Fields may follow lookups, e.g. `account.name`.',
    'zh-CN': '要返回哪些记录：JSON（见 FilterTree 结构），或简写形式 `field[op]:value`，多个条件以逗号连接（须同时满足），并可用 and(…)、or(…)、not(…) 分组。运算符：{ops}。字段可经查找字段引用，如 `account.name`。',
    'zh-TW': '要回傳哪些記錄：JSON（見 FilterTree 結構），或簡寫形式 `field[op]:value`，多個條件以逗號連接（須同時成立），並可用 and(…)、or(…)、not(…) 分組。運算子：{ops}。欄位可經查閱欄位參照，如 `account.name`。',
  },
  paramSort: {
    en: 'Comma-separated fields (or lookup paths) to sort by, at most {max}; a leading `-` sorts descending. Newest first when left out.',
    'zh-CN': '以逗号分隔的排序字段（或查找路径），最多 {max} 个；前缀 `-` 表示降序。省略时按创建时间从新到旧。',
    'zh-TW': '以逗號分隔的排序欄位（或查閱路徑），最多 {max} 個；前綴 `-` 表示遞減。省略時依建立時間由新到舊。',
  },
  paramFields: {
    en: 'Comma-separated fields to return, at most {max}, including fields of related records through lookups (e.g. `account.name`). Every field when left out; `id` always comes back.',
    'zh-CN': '以逗号分隔的返回字段，最多 {max} 个，可经查找字段包含关联记录的字段（如 `account.name`）。省略时返回全部字段；`id` 总会返回。',
    'zh-TW': '以逗號分隔的回傳欄位，最多 {max} 個，可經查閱欄位包含關聯記錄的欄位（如 `account.name`）。省略時回傳全部欄位；`id` 一律回傳。',
  },
  paramLimit: { en: 'Records per page.', 'zh-CN': '每页记录数。', 'zh-TW': '每頁記錄數。' },
  paramCursor: { en: 'The `nextCursor` of the previous page.', 'zh-CN': '上一页返回的 `nextCursor`。', 'zh-TW': '上一頁回傳的 `nextCursor`。' },
  paramCount: { en: 'Also return `total`, the number of matching records.', 'zh-CN': '同时返回符合条件的记录总数 `total`。', 'zh-TW': '同時回傳符合條件的記錄總數 `total`。' },
  paramSearch: {
    en: 'Quick search: records with a searchable field containing this text, ignoring case, spaces and punctuation; Chinese also by pinyin initials (`hdjm`) or full pinyin (`huadong`). Combines with the filter.',
    'zh-CN': '快速搜索：可搜索字段包含此文本的记录，不区分大小写、空格和标点；中文也可按拼音首字母（`hdjm`）或全拼（`huadong`）查找。可与筛选条件同时使用。',
    'zh-TW': '快速搜尋：可搜尋欄位包含此文字的記錄，不分大小寫、空格與標點；中文也可依拼音首字母（`hdjm`）或全拼（`huadong`）查找。可與篩選條件同時使用。',
  },
  paramId: { en: 'Record id (UUID).', 'zh-CN': '记录 id（UUID）。', 'zh-TW': '記錄 id（UUID）。' },
  paramObject: { en: 'API name of the object.', 'zh-CN': '对象的 API 名称。', 'zh-TW': '物件的 API 名稱。' },
  paramField: { en: 'API name of the field.', 'zh-CN': '字段的 API 名称。', 'zh-TW': '欄位的 API 名稱。' },
  paramUpsertField: { en: 'API name of an external-id field.', 'zh-CN': '外部 ID 字段的 API 名称。', 'zh-TW': '外部 ID 欄位的 API 名稱。' },
  paramUpsertValue: { en: 'The external-id value that identifies the record.', 'zh-CN': '标识该记录的外部 ID 值。', 'zh-TW': '識別該記錄的外部 ID 值。' },
  paramHistoryLimit: { en: 'Entries per page.', 'zh-CN': '每页条目数。', 'zh-TW': '每頁項目數。' },
  paramAfter: {
    en: 'Return events after this sequence number: the `nextCursor` of the previous call, 0 to start from the beginning.',
    'zh-CN': '返回此序号之后的事件：即上次调用返回的 `nextCursor`，从头读取时为 0。',
    'zh-TW': '回傳此序號之後的事件：即上次呼叫回傳的 `nextCursor`，從頭讀取時為 0。',
  },
  paramEventsLimit: { en: 'Events per call.', 'zh-CN': '每次返回的事件数。', 'zh-TW': '每次回傳的事件數。' },
  // success responses
  resPage: { en: 'One page of records.', 'zh-CN': '一页记录。', 'zh-TW': '一頁記錄。' },
  resRecord: { en: 'The record.', 'zh-CN': '该记录。', 'zh-TW': '該記錄。' },
  resCreated: { en: 'Created; the new record.', 'zh-CN': '已创建；返回新记录。', 'zh-TW': '已建立；回傳新記錄。' },
  resUpdated: { en: 'Updated; the record as it is now.', 'zh-CN': '已更新；返回更新后的记录。', 'zh-TW': '已更新；回傳更新後的記錄。' },
  resDeleted: { en: 'Deleted.', 'zh-CN': '已删除。', 'zh-TW': '已刪除。' },
  resHistory: { en: 'One page of history entries.', 'zh-CN': '一页历史条目。', 'zh-TW': '一頁歷程項目。' },
  resComposite: {
    en: 'Every operation succeeded and was committed; one result per operation, in order.',
    'zh-CN': '所有操作均已成功并提交；按顺序每个操作一个结果。',
    'zh-TW': '所有操作皆已成功並提交；依順序每個操作一個結果。',
  },
  resEvents: { en: 'The next events, oldest first.', 'zh-CN': '后续事件，最早的在前。', 'zh-TW': '後續事件，最早的在前。' },
  resSession: {
    en: 'Signed in: the session token, also set as the `mainline_session` cookie.',
    'zh-CN': '已登录：返回会话令牌，同时设置为 `mainline_session` Cookie。',
    'zh-TW': '已登入：回傳工作階段權杖，同時設定為 `mainline_session` Cookie。',
  },
  resLoggedOut: { en: 'Signed out; the session cookie is cleared.', 'zh-CN': '已退出；会话 Cookie 已清除。', 'zh-TW': '已登出；工作階段 Cookie 已清除。' },
  resMe: { en: 'The signed-in user.', 'zh-CN': '当前登录的用户。', 'zh-TW': '目前登入的使用者。' },
  resHealth: { en: 'The service is up.', 'zh-CN': '服务正常。', 'zh-TW': '服務正常。' },
  resOpenApi: { en: 'This document.', 'zh-CN': '本文档。', 'zh-TW': '本文件。' },
  resObjects: { en: 'Every object of the workspace.', 'zh-CN': '工作区的全部对象。', 'zh-TW': '工作區的全部物件。' },
  resObject: { en: 'The object definition.', 'zh-CN': '对象定义。', 'zh-TW': '物件定義。' },
  resFields: { en: 'Every field of the object, in display order.', 'zh-CN': '该对象的全部字段，按显示顺序。', 'zh-TW': '該物件的全部欄位，依顯示順序。' },
  resField: { en: 'The field definition.', 'zh-CN': '字段定义。', 'zh-TW': '欄位定義。' },
  // problem responses
  problem400: {
    en: 'The request is not valid: bad JSON, an unknown or bad query parameter, or field values that do not pass validation (all reported at once in `errors`).',
    'zh-CN': '请求无效：JSON 格式错误、查询参数未知或有误，或字段值未通过校验（全部问题在 `errors` 中一次列出）。',
    'zh-TW': '請求無效：JSON 格式錯誤、查詢參數未知或有誤，或欄位值未通過驗證（所有問題在 `errors` 中一次列出）。',
  },
  problem401: { en: 'Not signed in, or the session or API key is not valid.', 'zh-CN': '未登录，或会话、API 密钥无效。', 'zh-TW': '未登入，或工作階段、API 金鑰無效。' },
  problem401Login: { en: 'The email or password is incorrect.', 'zh-CN': '邮箱或密码不正确。', 'zh-TW': '電子郵件或密碼不正確。' },
  problem403: { en: 'The caller may not do this.', 'zh-CN': '调用者无权执行此操作。', 'zh-TW': '呼叫者無權執行此操作。' },
  problem404: { en: 'No such object, field or record.', 'zh-CN': '对象、字段或记录不存在。', 'zh-TW': '物件、欄位或記錄不存在。' },
  problem409: {
    en: 'The change conflicts with existing data: a duplicate unique value, or a record or object still referenced.',
    'zh-CN': '该更改与现有数据冲突：唯一值重复，或记录、对象仍被引用。',
    'zh-TW': '該變更與現有資料衝突：唯一值重複，或記錄、物件仍被參照。',
  },
  problem413: { en: 'The request body is too large.', 'zh-CN': '请求体过大。', 'zh-TW': '請求內容過大。' },
  problem415: { en: 'The request body is not application/json.', 'zh-CN': '请求体不是 application/json。', 'zh-TW': '請求內容不是 application/json。' },
  problem422: {
    en: 'The request is well-formed but breaks a business rule.',
    'zh-CN': '请求格式正确，但违反了业务规则。',
    'zh-TW': '請求格式正確，但違反了業務規則。',
  },
  problemComposite: {
    en: 'One operation failed and nothing was saved; `failedOperation` is its index and `errors` name it as `operations[i]`. The status is that of the failed operation.',
    'zh-CN': '某个操作失败，所有更改均未保存；`failedOperation` 为其序号，`errors` 以 `operations[i]` 指明它。状态码即失败操作的状态码。',
    'zh-TW': '某個操作失敗，所有變更均未儲存；`failedOperation` 為其序號，`errors` 以 `operations[i]` 指明它。狀態碼即失敗操作的狀態碼。',
  },
  // other operations
  loginSummary: { en: 'Sign in', 'zh-CN': '登录', 'zh-TW': '登入' },
  logoutSummary: { en: 'Sign out', 'zh-CN': '退出登录', 'zh-TW': '登出' },
  meSummary: { en: 'Who is signed in', 'zh-CN': '当前用户', 'zh-TW': '目前使用者' },
  updateMeSummary: { en: 'Change your own language, time zone or name', 'zh-CN': '修改本人的语言、时区或姓名', 'zh-TW': '修改本人的語言、時區或姓名' },
  problem423Login: { en: 'The account is locked after too many failed sign-ins; see Retry-After.', 'zh-CN': '登录失败次数过多，账号已锁定；见 Retry-After。', 'zh-TW': '登入失敗次數過多，帳號已鎖定；見 Retry-After。' },
  problem429: { en: 'Too many requests; see Retry-After.', 'zh-CN': '请求过于频繁；见 Retry-After。', 'zh-TW': '請求過於頻繁；見 Retry-After。' },
  healthSummary: { en: 'Health check', 'zh-CN': '健康检查', 'zh-TW': '健康檢查' },
  openApiSummary: { en: 'This OpenAPI document', 'zh-CN': '本 OpenAPI 文档', 'zh-TW': '本 OpenAPI 文件' },
  openApiDescription: {
    en: "Generated from the caller's workspace metadata, in the caller's language.",
    'zh-CN': '根据调用者所在工作区的元数据生成，使用调用者的语言。',
    'zh-TW': '依據呼叫者所在工作區的中繼資料產生，使用呼叫者的語言。',
  },
  compositeSummary: { en: 'Run a batch of record operations, all or none', 'zh-CN': '批量执行记录操作（全部成功或全部回滚）', 'zh-TW': '批次執行記錄操作（全部成功或全部復原）' },
  compositeDescription: {
    en: 'Operations run in order in one transaction. A later path or body may use `@{ref.field}` to insert a field of an earlier result, e.g. `@{p1.id}`.',
    'zh-CN': '各操作在同一事务中按顺序执行。后续操作的路径或请求体可用 `@{ref.field}` 引用先前结果的字段，如 `@{p1.id}`。',
    'zh-TW': '各操作在同一交易中依序執行。後續操作的路徑或請求內容可用 `@{ref.field}` 參照先前結果的欄位，如 `@{p1.id}`。',
  },
  eventsSummary: { en: 'Read change events', 'zh-CN': '读取变更事件', 'zh-TW': '讀取變更事件' },
  eventsDescription: {
    en: 'Events in commit order. Poll again with `after` set to `nextCursor`; with no new events the cursor stays the same.',
    'zh-CN': '按提交顺序返回事件。将 `after` 设为 `nextCursor` 继续轮询；没有新事件时游标保持不变。',
    'zh-TW': '依提交順序回傳事件。將 `after` 設為 `nextCursor` 繼續輪詢；沒有新事件時游標維持不變。',
  },
  listObjectsSummary: { en: 'List objects', 'zh-CN': '查询对象列表', 'zh-TW': '查詢物件清單' },
  createObjectSummary: { en: 'Create an object', 'zh-CN': '新建对象', 'zh-TW': '新增物件' },
  getObjectSummary: { en: 'Get an object', 'zh-CN': '获取对象', 'zh-TW': '取得物件' },
  updateObjectSummary: { en: 'Update an object', 'zh-CN': '更新对象', 'zh-TW': '更新物件' },
  deleteObjectSummary: { en: 'Delete an object and its records', 'zh-CN': '删除对象及其记录', 'zh-TW': '刪除物件及其記錄' },
  listFieldsSummary: { en: 'List fields', 'zh-CN': '查询字段列表', 'zh-TW': '查詢欄位清單' },
  createFieldSummary: { en: 'Add a field', 'zh-CN': '新建字段', 'zh-TW': '新增欄位' },
  getFieldSummary: { en: 'Get a field', 'zh-CN': '获取字段', 'zh-TW': '取得欄位' },
  updateFieldSummary: { en: 'Update a field', 'zh-CN': '更新字段', 'zh-TW': '更新欄位' },
  deleteFieldSummary: { en: 'Delete a field and its values', 'zh-CN': '删除字段及其数据', 'zh-TW': '刪除欄位及其資料' },
  // rule-like parts of an object definition
  listPartsSummary: { en: 'List the {parts} of an object', 'zh-CN': '查询对象的{parts}列表', 'zh-TW': '查詢物件的{parts}清單' },
  createPartSummary: { en: 'Add a {part}', 'zh-CN': '新建{part}', 'zh-TW': '新增{part}' },
  getPartSummary: { en: 'Get a {part}', 'zh-CN': '获取{part}', 'zh-TW': '取得{part}' },
  updatePartSummary: { en: 'Update a {part}', 'zh-CN': '更新{part}', 'zh-TW': '更新{part}' },
  deletePartSummary: { en: 'Delete a {part}', 'zh-CN': '删除{part}', 'zh-TW': '刪除{part}' },
  partValidationRule: { en: 'validation rule', 'zh-CN': '验证规则', 'zh-TW': '驗證規則' },
  partsValidationRule: { en: 'validation rules', 'zh-CN': '验证规则', 'zh-TW': '驗證規則' },
  partProcess: { en: 'process', 'zh-CN': '流程', 'zh-TW': '流程' },
  partsProcess: { en: 'processes', 'zh-CN': '流程', 'zh-TW': '流程' },
  partAutomationRule: { en: 'automation rule', 'zh-CN': '自动化规则', 'zh-TW': '自動化規則' },
  partsAutomationRule: { en: 'automation rules', 'zh-CN': '自动化规则', 'zh-TW': '自動化規則' },
  partAssignmentRule: { en: 'assignment rule', 'zh-CN': '分配规则', 'zh-TW': '分派規則' },
  partsAssignmentRule: { en: 'assignment rules', 'zh-CN': '分配规则', 'zh-TW': '分派規則' },
  partApprovalProcess: { en: 'approval process', 'zh-CN': '审批流程', 'zh-TW': '簽核流程' },
  partsApprovalProcess: { en: 'approval processes', 'zh-CN': '审批流程', 'zh-TW': '簽核流程' },
  checkFormulaSummary: { en: 'Check a formula', 'zh-CN': '检查公式', 'zh-TW': '檢查公式' },
  checkFormulaDescription: {
    en: 'Type-checks a formula against the object as the caller sees it. A formula that does not check is answered with `valid: false` and the line, column and message, not with an error.',
    'zh-CN': '按调用者可见的对象检查公式类型。未通过检查的公式以 `valid: false` 及行、列和说明作答，而不是报错。',
    'zh-TW': '依呼叫者可見的物件檢查公式型別。未通過檢查的公式以 `valid: false` 及行、欄和說明作答，而非回傳錯誤。',
  },
  paramPart: { en: 'The API name of the rule or process.', 'zh-CN': '规则或流程的 API 名称。', 'zh-TW': '規則或流程的 API 名稱。' },
  adminOnly: { en: 'Administrators only.', 'zh-CN': '仅限管理员。', 'zh-TW': '僅限管理員。' },
} as const satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXT;

export function text(key: TextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return TEXT[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

import type { Locale } from '../metadata/types.ts';

/**
 * Every user-facing message, keyed by a stable code, in each shipped language.
 * Templates use {name} placeholders filled from the problem's params.
 */
export const MESSAGES = {
  // request level
  invalidJson: { en: 'The request body is not valid JSON.', 'zh-CN': '请求体不是有效的 JSON。', 'zh-TW': '請求內容不是有效的 JSON。' },
  validationFailed: { en: 'Some values are not valid.', 'zh-CN': '部分字段的值无效。', 'zh-TW': '部分欄位的值無效。' },
  invalidQuery: { en: 'The query is not valid.', 'zh-CN': '查询条件无效。', 'zh-TW': '查詢條件無效。' },
  unknownObject: { en: 'There is no object named "{object}".', 'zh-CN': '不存在名为 "{object}" 的对象。', 'zh-TW': '不存在名為 "{object}" 的物件。' },
  notFound: { en: 'The record was not found.', 'zh-CN': '未找到该记录。', 'zh-TW': '找不到該記錄。' },
  unauthenticated: { en: 'Please sign in.', 'zh-CN': '请先登录。', 'zh-TW': '請先登入。' },
  forbidden: { en: 'You do not have permission to do this.', 'zh-CN': '您没有执行此操作的权限。', 'zh-TW': '您沒有執行此操作的權限。' },
  invalidCredentials: { en: 'The email or password is incorrect.', 'zh-CN': '邮箱或密码不正确。', 'zh-TW': '電子郵件或密碼不正確。' },
  accountLocked: {
    en: 'This account is locked after too many failed sign-ins. Try again in {minutes} minutes or ask an administrator.',
    'zh-CN': '登录失败次数过多，该账号已被锁定。请在 {minutes} 分钟后重试，或联系管理员。',
    'zh-TW': '登入失敗次數過多，該帳號已被鎖定。請在 {minutes} 分鐘後重試，或聯絡管理員。',
  },
  rateLimited: { en: 'Too many requests. Try again in {retryAfter} seconds.', 'zh-CN': '请求过于频繁，请在 {retryAfter} 秒后重试。', 'zh-TW': '請求過於頻繁，請在 {retryAfter} 秒後重試。' },
  payloadTooLarge: { en: 'The request body is too large (limit {limit} bytes).', 'zh-CN': '请求体过大（上限 {limit} 字节）。', 'zh-TW': '請求內容過大（上限 {limit} 位元組）。' },
  conflict: { en: 'The change conflicts with existing data.', 'zh-CN': '该更改与现有数据冲突。', 'zh-TW': '該變更與現有資料衝突。' },
  compositeFailed: { en: 'Operation {index} ({ref}) failed; nothing was saved.', 'zh-CN': '第 {index} 个操作（{ref}）失败，所有更改均未保存。', 'zh-TW': '第 {index} 個操作（{ref}）失敗，所有變更均未儲存。' },
  internal: { en: 'Something went wrong on our side.', 'zh-CN': '服务器内部错误。', 'zh-TW': '伺服器內部錯誤。' },
  // single sign-on
  ssoStateInvalid: { en: 'This sign-in link has expired or was already used. Please start signing in again.', 'zh-CN': '登录链接已过期或已被使用，请重新登录。', 'zh-TW': '登入連結已過期或已被使用，請重新登入。' },
  ssoProviderDisabled: { en: 'Signing in with {provider} is turned off.', 'zh-CN': '已停用通过 {provider} 登录。', 'zh-TW': '已停用透過 {provider} 登入。' },
  ssoDenied: { en: '{provider} did not sign you in ({reason}).', 'zh-CN': '{provider} 未完成登录（{reason}）。', 'zh-TW': '{provider} 未完成登入（{reason}）。' },
  ssoFailed: { en: 'Signing in with {provider} failed: the identity provider could not be reached or refused the request. Ask an administrator to check its settings.', 'zh-CN': '通过 {provider} 登录失败：身份提供方无法访问或拒绝了请求，请联系管理员检查其配置。', 'zh-TW': '透過 {provider} 登入失敗：身分提供者無法連線或拒絕了請求，請聯絡管理員檢查其設定。' },
  ssoEmailRequired: { en: '{provider} did not share your email address, which is needed to sign in.', 'zh-CN': '{provider} 未提供您的邮箱地址，无法登录。', 'zh-TW': '{provider} 未提供您的電子郵件地址，無法登入。' },
  ssoEmailNotVerified: { en: 'An account with the email {email} already exists, but {provider} has not verified that this email is yours, so it cannot be linked.', 'zh-CN': '邮箱 {email} 已有账户，但 {provider} 未验证该邮箱属于您，因此无法关联。', 'zh-TW': '電子郵件 {email} 已有帳戶，但 {provider} 未驗證該電子郵件屬於您，因此無法連結。' },
  ssoEmailInOtherWorkspace: { en: 'The email {email} belongs to an account in another workspace; it cannot sign in here. Ask an administrator.', 'zh-CN': '邮箱 {email} 属于其他工作区的账户，无法在此登录，请联系管理员。', 'zh-TW': '電子郵件 {email} 屬於其他工作區的帳戶，無法在此登入，請聯絡管理員。' },
  ssoAccountInactive: { en: 'This account is deactivated or its workspace is suspended.', 'zh-CN': '该账户已停用或其工作区已暂停。', 'zh-TW': '該帳戶已停用或其工作區已暫停。' },
  // field level
  required: { en: '{field} is required.', 'zh-CN': '{field} 为必填项。', 'zh-TW': '{field} 為必填項。' },
  appendOnly: { en: '{field}: entries of {object} cannot be changed or deleted; add a correcting entry instead.', 'zh-CN': '{field}：{object} 的记录不可修改或删除，请新增一条冲正记录。', 'zh-TW': '{field}：{object} 的記錄不可修改或刪除，請新增一筆沖正記錄。' },
  insufficientPoints: { en: '{field}: the balance is {balance} points, {needed} are needed.', 'zh-CN': '{field}：积分余额为 {balance}，需要 {needed}。', 'zh-TW': '{field}：點數餘額為 {balance}，需要 {needed}。' },
  alreadyConverted: { en: 'This lead was already converted on {at}.', 'zh-CN': '该线索已于 {at} 转化。', 'zh-TW': '該潛在客戶已於 {at} 轉換。' },
  duplicatesFound: { en: '{field}: {count} existing records look like this one ({names}); choose one or ask for a new one.', 'zh-CN': '{field}：发现 {count} 条疑似重复记录（{names}），请选择其一或明确新建。', 'zh-TW': '{field}：發現 {count} 筆疑似重複記錄（{names}），請選擇其一或明確新增一筆。' },
  invalidTransition: { en: '{field}: cannot {action} while {field} is {value}.', 'zh-CN': '{field} 为 {value} 时不能执行“{action}”。', 'zh-TW': '{field} 為 {value} 時不能執行「{action}」。' },
  unknownAction: { en: 'There is no action "{action}" on {object}.', 'zh-CN': '{object} 没有名为 "{action}" 的操作。', 'zh-TW': '{object} 沒有名為 "{action}" 的操作。' },
  notPriced: { en: '{field}: {detail}', 'zh-CN': '{field}：{detail}', 'zh-TW': '{field}：{detail}' },
  invalidCreditCode: { en: '{field} is not a valid unified social credit code (18 characters with a check character).', 'zh-CN': '{field} 不是有效的统一社会信用代码（18 位，含校验码）。', 'zh-TW': '{field} 不是有效的統一社會信用代碼（18 碼，含檢查碼）。' },
  processStart: { en: '{field}: a new record cannot start as {value} (process {process} allows {allowed}).', 'zh-CN': '{field}：新记录不能以 {value} 开始（流程 {process} 允许：{allowed}）。', 'zh-TW': '{field}：新記錄不能以 {value} 開始（流程 {process} 允許：{allowed}）。' },
  processMove: { en: '{field} cannot move from {from} to {to} (process {process}).', 'zh-CN': '{field} 不能从 {from} 变更为 {to}（流程 {process}）。', 'zh-TW': '{field} 不能從 {from} 變更為 {to}（流程 {process}）。' },
  processRole: { en: 'Your role may not move {field} from {from} to {to} (process {process}).', 'zh-CN': '您的角色不能将 {field} 从 {from} 变更为 {to}（流程 {process}）。', 'zh-TW': '您的角色不能將 {field} 從 {from} 變更為 {to}（流程 {process}）。' },
  processGuard: { en: '{field} cannot move from {from} to {to} now: {message}', 'zh-CN': '{field} 现在不能从 {from} 变更为 {to}：{message}', 'zh-TW': '{field} 現在不能從 {from} 變更為 {to}：{message}' },
  optionUnknown: { en: '{field}: not an option of this product.', 'zh-CN': '{field}：不是该产品的选配项。', 'zh-TW': '{field}：不是該產品的選配項。' },
  optionTwice: { en: '"{option}" is chosen twice.', 'zh-CN': '“{option}”被重复选择。', 'zh-TW': '「{option}」被重複選擇。' },
  optionQuantity: { en: 'Choose 1 to {max} of "{option}".', 'zh-CN': '“{option}”的数量须为 1 至 {max}。', 'zh-TW': '「{option}」的數量須為 1 至 {max}。' },
  optionGroupMin: { en: 'Choose at least {min} in "{group}".', 'zh-CN': '“{group}”中至少选择 {min} 项。', 'zh-TW': '「{group}」中至少選擇 {min} 項。' },
  optionGroupMax: { en: 'Choose at most {max} in "{group}".', 'zh-CN': '“{group}”中最多选择 {max} 项。', 'zh-TW': '「{group}」中最多選擇 {max} 項。' },
  optionExcludes: { en: '"{option}" cannot be combined with "{group}".', 'zh-CN': '“{option}”不能与“{group}”同时选择。', 'zh-TW': '「{option}」不能與「{group}」同時選擇。' },
  requiredWhen: { en: '{field} is required when {when} is {value}.', 'zh-CN': '{when} 为 {value} 时，{field} 为必填项。', 'zh-TW': '{when} 為 {value} 時，{field} 為必填項。' },
  unknownField: { en: 'There is no field named "{field}".', 'zh-CN': '不存在名为 "{field}" 的字段。', 'zh-TW': '不存在名為 "{field}" 的欄位。' },
  readOnlyField: { en: '{field} cannot be written.', 'zh-CN': '{field} 为只读字段。', 'zh-TW': '{field} 為唯讀欄位。' },
  wrongType: { en: '{field} must be {expected}.', 'zh-CN': '{field} 必须是{expected}。', 'zh-TW': '{field} 必須是{expected}。' },
  tooLong: { en: '{field} is longer than {max} characters.', 'zh-CN': '{field} 超过 {max} 个字符。', 'zh-TW': '{field} 超過 {max} 個字元。' },
  outOfRange: { en: '{field} is out of range ({detail}).', 'zh-CN': '{field} 超出范围（{detail}）。', 'zh-TW': '{field} 超出範圍（{detail}）。' },
  invalidFormat: { en: '{field} is not a valid {format}.', 'zh-CN': '{field} 不是有效的{format}。', 'zh-TW': '{field} 不是有效的{format}。' },
  invalidPicklistValue: { en: '"{value}" is not an allowed value of {field}.', 'zh-CN': '"{value}" 不是 {field} 的可选值。', 'zh-TW': '"{value}" 不是 {field} 的可選值。' },
  duplicateValue: { en: 'Another record already has this {field}.', 'zh-CN': '已有其他记录使用了该{field}。', 'zh-TW': '已有其他記錄使用了該{field}。' },
  referenceNotFound: { en: '{field} points to a record that does not exist.', 'zh-CN': '{field} 指向的记录不存在。', 'zh-TW': '{field} 指向的記錄不存在。' },
  referencedBy: { en: 'Cannot delete: still referenced by {by}.', 'zh-CN': '无法删除：仍被 {by} 引用。', 'zh-TW': '無法刪除：仍被 {by} 引用。' },
  invalidFilter: { en: 'The filter is not valid: {detail}', 'zh-CN': '筛选条件无效：{detail}', 'zh-TW': '篩選條件無效：{detail}' },
  invalidSort: { en: 'Cannot sort by {field}: {detail}', 'zh-CN': '无法按 {field} 排序：{detail}', 'zh-TW': '無法按 {field} 排序：{detail}' },
  invalidValue: { en: '{field}: {detail}', 'zh-CN': '{field}：{detail}', 'zh-TW': '{field}：{detail}' },
  typeChangeRefused: { en: 'Cannot change {field} from {from} to {to}: {detail}', 'zh-CN': '无法将 {field} 从 {from} 改为 {to}：{detail}', 'zh-TW': '無法將 {field} 從 {from} 改為 {to}：{detail}' },
  alreadyExists: { en: '{field} "{value}" already exists.', 'zh-CN': '{field} "{value}" 已存在。', 'zh-TW': '{field} "{value}" 已存在。' },
  ownWorkspace: { en: 'You cannot suspend or delete the workspace you are signed in to.', 'zh-CN': '不能停用或删除您当前登录的工作区。', 'zh-TW': '不能停用或刪除您目前登入的工作區。' },
  readOnlyApiKey: { en: 'This API key is read-only: it cannot change data.', 'zh-CN': '此 API 密钥为只读，不能修改数据。', 'zh-TW': '此 API 金鑰為唯讀，不能修改資料。' },
  apiKeyNotAllowed: { en: 'This cannot be done with an API key; sign in as a person.', 'zh-CN': '此操作不能使用 API 密钥完成，请以用户身份登录。', 'zh-TW': '此操作不能使用 API 金鑰完成，請以使用者身分登入。' },
  // metadata definitions
  reservedName: { en: '"{value}" is reserved and cannot be used as {field}.', 'zh-CN': '"{value}" 是保留名称，不能用作 {field}。', 'zh-TW': '"{value}" 是保留名稱，不能用作 {field}。' },
  apiNameImmutable: { en: 'The API name cannot be changed because integrations depend on it; change the label instead.', 'zh-CN': 'API 名称不可修改（集成依赖于它），请修改标签。', 'zh-TW': 'API 名稱不可修改（整合依賴於它），請修改標籤。' },
  notApplicable: { en: '{field} does not apply to fields of type {type}.', 'zh-CN': '{field} 不适用于 {type} 类型的字段。', 'zh-TW': '{field} 不適用於 {type} 類型的欄位。' },
  systemFieldLocked: { en: '{field} is a system field that every record needs: it cannot be deleted, and only its label and help text can change (for name also its length, uniqueness and auto-number pattern).', 'zh-CN': '{field} 是每条记录都需要的系统字段：不能删除，只能修改标签和帮助文本（名称字段还可修改长度、唯一性和自动编号格式）。', 'zh-TW': '{field} 是每筆記錄都需要的系統欄位：不能刪除，只能修改標籤和說明文字（名稱欄位還可修改長度、唯一性和自動編號格式）。' },
  tooMany: { en: '{field}: at most {max} are allowed.', 'zh-CN': '{field}：最多允许 {max} 个。', 'zh-TW': '{field}：最多允許 {max} 個。' },
  picklistValueInUse: { en: '"{value}" of {field} is used by {count} records; deactivate it (active: false) instead of removing it.', 'zh-CN': '{field} 的选项 "{value}" 仍被 {count} 条记录使用；请停用（active: false）而不是删除。', 'zh-TW': '{field} 的選項 "{value}" 仍被 {count} 筆記錄使用；請停用（active: false）而非刪除。' },
  dataDoesNotFit: { en: '{count} existing records of {field} do not fit {detail}, e.g. "{example}".', 'zh-CN': '{field} 有 {count} 条现有记录不符合{detail}，例如 "{example}"。', 'zh-TW': '{field} 有 {count} 筆現有記錄不符合{detail}，例如 "{example}"。' },
  // formula language: every message says where (line and column)
  formulaEmpty: { en: "The formula is empty.", 'zh-CN': "公式为空。", 'zh-TW': "公式為空。" },
  formulaTooLong: { en: "The formula is longer than {max} characters.", 'zh-CN': "公式超过 {max} 个字符。", 'zh-TW': "公式超過 {max} 個字元。" },
  formulaTooDeep: { en: "Line {line}, column {column}: the formula nests more than {max} levels deep.", 'zh-CN': "第 {line} 行第 {column} 列：公式嵌套超过 {max} 层。", 'zh-TW': "第 {line} 行第 {column} 欄：公式巢狀超過 {max} 層。" },
  formulaTooManyArgs: { en: "Line {line}, column {column}: a function takes at most {max} arguments.", 'zh-CN': "第 {line} 行第 {column} 列：函数最多接受 {max} 个参数。", 'zh-TW': "第 {line} 行第 {column} 欄：函式最多接受 {max} 個參數。" },
  formulaNumberTooLong: { en: "Line {line}, column {column}: a number has more than {max} digits.", 'zh-CN': "第 {line} 行第 {column} 列：数字超过 {max} 位。", 'zh-TW': "第 {line} 行第 {column} 欄：數字超過 {max} 位。" },
  formulaUnexpected: { en: "Line {line}, column {column}: unexpected {token}.", 'zh-CN': "第 {line} 行第 {column} 列：意外的 {token}。", 'zh-TW': "第 {line} 行第 {column} 欄：意外的 {token}。" },
  formulaIncomplete: { en: "Line {line}, column {column}: the formula ends too early.", 'zh-CN': "第 {line} 行第 {column} 列：公式不完整。", 'zh-TW': "第 {line} 行第 {column} 欄：公式不完整。" },
  formulaExpected: { en: "Line {line}, column {column}: expected {expected} but found {token}.", 'zh-CN': "第 {line} 行第 {column} 列：此处应为 {expected}，实际为 {token}。", 'zh-TW': "第 {line} 行第 {column} 欄：此處應為 {expected}，實際為 {token}。" },
  formulaUnterminatedText: { en: "Line {line}, column {column}: the text is missing its closing quote.", 'zh-CN': "第 {line} 行第 {column} 列：文本缺少结束引号。", 'zh-TW': "第 {line} 行第 {column} 欄：文字缺少結束引號。" },
  formulaBadEscape: { en: 'Line {line}, column {column}: unknown escape after a backslash (use \\n, \\t, \\", \\\' or \\\\).', 'zh-CN': '第 {line} 行第 {column} 列：反斜杠后的转义符无效。', 'zh-TW': '第 {line} 行第 {column} 欄：反斜線後的跳脫字元無效。' },
  formulaUnknownField: { en: "Line {line}, column {column}: there is no field \"{field}\".", 'zh-CN': "第 {line} 行第 {column} 列：不存在字段 \"{field}\"。", 'zh-TW': "第 {line} 行第 {column} 欄：不存在欄位 \"{field}\"。" },
  formulaNotLookup: { en: "Line {line}, column {column}: \"{field}\" does not follow a lookup field.", 'zh-CN': "第 {line} 行第 {column} 列：\"{field}\" 不是通过查找字段关联的路径。", 'zh-TW': "第 {line} 行第 {column} 欄：\"{field}\" 不是透過查閱欄位關聯的路徑。" },
  formulaTooManyHops: { en: "Line {line}, column {column}: \"{field}\" follows more than {max} lookups.", 'zh-CN': "第 {line} 行第 {column} 列：\"{field}\" 跨越了超过 {max} 个查找字段。", 'zh-TW': "第 {line} 行第 {column} 欄：\"{field}\" 跨越了超過 {max} 個查閱欄位。" },
  formulaFieldNotUsable: { en: "Line {line}, column {column}: {field} ({type}) cannot be used in formulas.", 'zh-CN': "第 {line} 行第 {column} 列：{field}（{type}）不能用于公式。", 'zh-TW': "第 {line} 行第 {column} 欄：{field}（{type}）不能用於公式。" },
  formulaUnknownGlobal: { en: "Line {line}, column {column}: there is no \"{name}\"; use $User.id, $User.name, $User.email or $Now.", 'zh-CN': "第 {line} 行第 {column} 列：不存在 \"{name}\"；可用 $User.id、$User.name、$User.email 或 $Now。", 'zh-TW': "第 {line} 行第 {column} 欄：不存在 \"{name}\"；可用 $User.id、$User.name、$User.email 或 $Now。" },
  formulaUnknownFunction: { en: "Line {line}, column {column}: there is no function {function}.", 'zh-CN': "第 {line} 行第 {column} 列：不存在函数 {function}。", 'zh-TW': "第 {line} 行第 {column} 欄：不存在函式 {function}。" },
  formulaArgCount: { en: "Line {line}, column {column}: {function} takes {expected} arguments, not {count}.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 需要 {expected} 个参数，而不是 {count} 个。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 需要 {expected} 個參數，而不是 {count} 個。" },
  formulaArgType: { en: "Line {line}, column {column}: argument {index} of {function} must be {expected}, not {actual}.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 的第 {index} 个参数必须是{expected}，而不是{actual}。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 的第 {index} 個參數必須是{expected}，而不是{actual}。" },
  formulaMismatch: { en: "Line {line}, column {column}: {function} needs values of one type: {expected} and {actual} do not mix.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 的各个值类型必须一致：{expected}与{actual}不能混用。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 的各個值類型必須一致：{expected}與{actual}不能混用。" },
  formulaCaseElse: { en: "Line {line}, column {column}: {function} needs a value, then pairs of match and result, then a result for no match.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 需要一个值、若干对\"匹配值, 结果\"，以及一个默认结果。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 需要一個值、若干對「比對值, 結果」，以及一個預設結果。" },
  formulaTextFormat: { en: "Line {line}, column {column}: the format of {function} must be a quoted pattern such as \"0\" or \"0.00\".", 'zh-CN': "第 {line} 行第 {column} 列：{function} 的格式必须是带引号的模式，如 \"0\" 或 \"0.00\"。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 的格式必須是帶引號的模式，如 \"0\" 或 \"0.00\"。" },
  formulaOperandTypes: { en: "Line {line}, column {column}: {operator} cannot combine {left} and {right}.", 'zh-CN': "第 {line} 行第 {column} 列：运算符 {operator} 不能用于{left}和{right}。", 'zh-TW': "第 {line} 行第 {column} 欄：運算子 {operator} 不能用於{left}和{right}。" },
  formulaOperandType: { en: "Line {line}, column {column}: {operator} cannot be used on {actual}.", 'zh-CN': "第 {line} 行第 {column} 列：运算符 {operator} 不能用于{actual}。", 'zh-TW': "第 {line} 行第 {column} 欄：運算子 {operator} 不能用於{actual}。" },
  formulaNotPicklistValue: { en: "Line {line}, column {column}: \"{value}\" is not a value of {field}.", 'zh-CN': "第 {line} 行第 {column} 列：\"{value}\" 不是 {field} 的选项值。", 'zh-TW': "第 {line} 行第 {column} 欄：\"{value}\" 不是 {field} 的選項值。" },
  formulaRuleOnly: { en: "Line {line}, column {column}: {function} can only be used in validation rules.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 只能用于验证规则。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 只能用於驗證規則。" },
  formulaNeedsField: { en: "Line {line}, column {column}: {function} needs a field of this object.", 'zh-CN': "第 {line} 行第 {column} 列：{function} 的参数必须是本对象的字段。", 'zh-TW': "第 {line} 行第 {column} 欄：{function} 的參數必須是本物件的欄位。" },
  formulaReturnType: { en: "Line {line}, column {column}: the formula gives {actual}, but {expected} is needed.", 'zh-CN': "第 {line} 行第 {column} 列：公式的结果是{actual}，但这里需要{expected}。", 'zh-TW': "第 {line} 行第 {column} 欄：公式的結果是{actual}，但這裡需要{expected}。" },
  formulaCycle: { en: "Line {line}, column {column}: formula fields cannot depend on themselves: {cycle}.", 'zh-CN': "第 {line} 行第 {column} 列：公式字段不能依赖自身：{cycle}。", 'zh-TW': "第 {line} 行第 {column} 欄：公式欄位不能依賴自身：{cycle}。" },
  formulaFieldBroken: { en: "Line {line}, column {column}: the formula field {field} no longer checks; fix it first.", 'zh-CN': "第 {line} 行第 {column} 列：公式字段 {field} 已无法通过检查，请先修正它。", 'zh-TW': "第 {line} 行第 {column} 欄：公式欄位 {field} 已無法通過檢查，請先修正它。" },
  recordLocked: { en: 'The record is locked while it awaits approval in "{process}": recall the request or wait for the decision.', 'zh-CN': '记录正在“{process}”中等待审批，已锁定：请撤回申请或等待审批结果。', 'zh-TW': '記錄正在「{process}」中等待簽核，已鎖定：請撤回申請或等待簽核結果。' },
  approvalEntryCriteria: { en: 'The record does not meet the entry criteria of "{process}" ({criteria}).', 'zh-CN': '记录不满足“{process}”的提交条件（{criteria}）。', 'zh-TW': '記錄不符合「{process}」的提交條件（{criteria}）。' },
  approvalPending: { en: 'The record already awaits approval in "{process}".', 'zh-CN': '记录已在“{process}”中等待审批。', 'zh-TW': '記錄已在「{process}」中等待簽核。' },
  approvalNotPending: { en: 'The record has no request awaiting approval.', 'zh-CN': '该记录没有待审批的申请。', 'zh-TW': '該記錄沒有待簽核的申請。' },
  notApprover: { en: 'You are not the approver of step {step} of "{process}": {reason}', 'zh-CN': '您不是“{process}”第 {step} 步的审批人：{reason}', 'zh-TW': '您不是「{process}」第 {step} 步的簽核人：{reason}' },
  notSubmitter: { en: 'Only the submitter or an administrator can recall the request.', 'zh-CN': '只有提交人或管理员可以撤回申请。', 'zh-TW': '只有提交人或管理員可以撤回申請。' },
  noApprover: { en: 'Step {step} of "{process}" has no approver: {reason}', 'zh-CN': '“{process}”第 {step} 步没有审批人：{reason}', 'zh-TW': '「{process}」第 {step} 步沒有簽核人：{reason}' },
  requiredByFormula: { en: '{label} is required when {condition}.', 'zh-CN': '当 {condition} 时，{label} 为必填项。', 'zh-TW': '當 {condition} 時，{label} 為必填項。' },
  validationRule: { en: "{message}", 'zh-CN': "{message}", 'zh-TW': "{message}" },
  validationRuleFailed: { en: "The record breaks a validation rule.", 'zh-CN': "记录未通过验证规则。", 'zh-TW': "記錄未通過驗證規則。" },
  // notifications to a record's followers (composed when read, in the reader's language)
  followChanged: { en: '{actor} changed {record}: {fields}.', 'zh-CN': '{actor} 修改了“{record}”：{fields}。', 'zh-TW': '{actor} 修改了「{record}」：{fields}。' },
  followChangedNoFields: { en: '{actor} changed {record}.', 'zh-CN': '{actor} 修改了“{record}”。', 'zh-TW': '{actor} 修改了「{record}」。' },
  followDeleted: { en: '{actor} deleted {record}.', 'zh-CN': '{actor} 删除了“{record}”。', 'zh-TW': '{actor} 刪除了「{record}」。' },
  followByAutomation: { en: '{actor} (automation)', 'zh-CN': '{actor}（自动化）', 'zh-TW': '{actor}（自動化）' },
  followSomeone: { en: 'Someone', 'zh-CN': '有人', 'zh-TW': '有人' },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof MESSAGES;

export function formatMessage(code: MessageCode, params: Record<string, unknown>, locale: Locale = 'en'): string {
  const template = MESSAGES[code][locale] ?? MESSAGES[code].en;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? paramText(params[key], locale) : whole));
}

/** A param is plain text, or text in each language (e.g. a type name), shown in the caller's. */
function paramText(value: unknown, locale: Locale): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && ['en', 'zh-CN', 'zh-TW'].some((l) => l in value)) {
    const text = value as Partial<Record<Locale, string>>;
    return text[locale] ?? text.en ?? text['zh-CN'] ?? text['zh-TW'] ?? '';
  }
  return String(value);
}

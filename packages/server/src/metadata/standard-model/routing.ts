import { L } from './labels.ts';

/**
 * Who gets new leads and cases in a new workspace: standard roles (empty
 * until an administrator puts people in them) and assignment rules that
 * name them. Leads go round robin to key-account sales by industry, then to
 * the region's sales team by province, then to inside sales (the lead
 * queue); cases go to the least-loaded person of the service role their
 * type, priority and channel call for. A role with nobody active in it is
 * passed over; when no entry finds anyone the record stays with whoever
 * created it (an administrator when the creator is not an active person):
 * see assignOwner.
 */

/** `key` identifies the role across upgrades whatever the customer renames it to. */
export type StandardRole = { key: string; name: string; parent?: string };

export const STANDARD_ROLES: StandardRole[] = [
  { key: 'salesDirector', name: '销售总监' },
  { key: 'keyAccountSales', name: '大客户销售', parent: 'salesDirector' },
  { key: 'salesEast', name: '华东区销售', parent: 'salesDirector' },
  { key: 'salesNorth', name: '华北区销售', parent: 'salesDirector' },
  { key: 'salesSouth', name: '华南区销售', parent: 'salesDirector' },
  { key: 'insideSales', name: '内部销售（线索池）', parent: 'salesDirector' },
  { key: 'serviceManager', name: '客服经理' },
  { key: 'serviceAgent', name: '客服专员', parent: 'serviceManager' },
  { key: 'serviceEngineer', name: '技术支持工程师', parent: 'serviceManager' },
  { key: 'complaintDesk', name: '投诉处理专员', parent: 'serviceManager' },
];

/** Provinces (and municipalities) by sales region; a province value matches by its leading characters ("江苏" and "江苏省"). */
const REGIONS: Record<'salesEast' | 'salesNorth' | 'salesSouth', string[]> = {
  salesEast: ['上海', '江苏', '浙江', '安徽', '福建', '江西', '山东'],
  salesNorth: ['北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江'],
  salesSouth: ['广东', '广西', '海南', '香港', '澳门'],
};
const inRegion = (region: keyof typeof REGIONS) => REGIONS[region].map((p) => `BEGINS(province, "${p}")`).join(' || ');
const anyOf = (field: string, values: string[]) => values.map((v) => `ISPICKVAL(${field}, "${v}")`).join(' || ');

type RoleIds = Readonly<Record<string, string>>;
export type StandardPart = { object: string; kind: 'assignmentRules' | 'automationRules'; definition: { apiName: string } & Record<string, unknown>; roles: string[] };

/** The rules, with role ids filled in from the workspace (or keys, to fingerprint the model). */
export function standardRouting(role: RoleIds): StandardPart[] {
  const rr = (key: string) => ({ roleRoundRobin: role[key]! });
  const least = (key: string) => ({ roleLeastLoaded: role[key]! });
  return [
    {
      object: 'lead',
      kind: 'assignmentRules',
      roles: ['keyAccountSales', 'salesEast', 'salesNorth', 'salesSouth', 'insideSales'],
      definition: {
        apiName: 'standardLeadRouting',
        label: L('线索分配（行业 / 区域 / 线索池）', '潛在客戶分派（產業 / 區域 / 名單池）', 'Lead routing (industry / region / queue)'),
        entries: [
          { condition: anyOf('industry', ['finance', 'government', 'energy']), assignTo: rr('keyAccountSales') },
          { condition: inRegion('salesEast'), assignTo: rr('salesEast') },
          { condition: inRegion('salesNorth'), assignTo: rr('salesNorth') },
          { condition: inRegion('salesSouth'), assignTo: rr('salesSouth') },
          { assignTo: rr('insideSales') },
        ],
      },
    },
    {
      object: 'lead',
      kind: 'automationRules',
      roles: [],
      definition: {
        apiName: 'routeNewLeads',
        label: L('新线索自动分配', '新潛在客戶自動分派', 'Route new leads'),
        trigger: { on: 'create' },
        actions: [{ type: 'assign', rule: 'standardLeadRouting' }],
      },
    },
    {
      object: 'case',
      kind: 'assignmentRules',
      roles: ['complaintDesk', 'serviceEngineer', 'serviceAgent'],
      definition: {
        apiName: 'standardCaseRouting',
        label: L('工单分配（类型 / 优先级 / 渠道）', '工單分派（類型 / 優先順序 / 通路）', 'Case routing (type / priority / channel)'),
        entries: [
          { condition: anyOf('type', ['complaint']), assignTo: least('complaintDesk') },
          { condition: `${anyOf('priority', ['urgent'])} || (ISPICKVAL(type, "problem") && ISPICKVAL(priority, "high")) || ISPICKVAL(channel, "onsite")`, assignTo: least('serviceEngineer') },
          { assignTo: least('serviceAgent') },
        ],
      },
    },
    {
      object: 'case',
      kind: 'automationRules',
      roles: [],
      definition: {
        apiName: 'routeNewCases',
        label: L('新工单自动分配', '新工單自動分派', 'Route new cases'),
        trigger: { on: 'create' },
        actions: [{ type: 'assign', rule: 'standardCaseRouting' }],
      },
    },
  ];
}

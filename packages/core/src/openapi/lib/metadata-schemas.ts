import { z } from 'zod';
import type { JsonSchema } from '../../metadata/json-schema.ts';
import { fieldInput, fieldPatch, objectInput, objectPatch } from '../../metadata/lib/inputs.ts';
import { CUSTOM_FIELD_TYPES, FORMULA_RETURN_TYPES, LOCALES, ROLLUP_FUNCTIONS } from '../../metadata/types.ts';
import { API_NAME, schemaRef } from './refs.ts';

/**
 * The metadata service's input schemas (zod) as JSON Schema: the document
 * describes exactly what is parsed. Checks zod keeps in code (not blank, no
 * NUL, colour format) are left out, so these are a little looser.
 */
export function fromZod(schema: z.ZodType, description?: string): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return description ? { description, ...rest } : rest;
}

/** Definitions as types.ts has them, and the inputs that make them. */
export function metadataSchemas(): Record<string, JsonSchema> {
  const localized: JsonSchema = schemaRef('LocalizedText');
  return {
    LocalizedText: {
      type: 'object',
      properties: Object.fromEntries(LOCALES.map((l) => [l, { type: 'string' }])),
      additionalProperties: false,
      examples: [{ 'zh-CN': '客户', 'zh-TW': '客戶', en: 'Account' }],
    },
    PicklistValue: {
      type: 'object',
      properties: {
        apiName: { type: 'string' },
        label: localized,
        order: { type: 'integer' },
        color: { type: 'string' },
        active: { type: 'boolean', description: 'Inactive values stay on existing records but cannot be chosen.' },
        meta: { type: 'object', description: 'Free metadata, e.g. { "probability": 40 }.' },
      },
      required: ['apiName', 'label', 'order', 'active'],
    },
    FieldDefinition: {
      type: 'object',
      properties: {
        apiName: API_NAME,
        type: { type: 'string', enum: [...CUSTOM_FIELD_TYPES, 'id', 'userRef'], description: '`id` and `userRef` are used by system fields only.' },
        label: localized,
        helpText: localized,
        required: { type: 'boolean' },
        unique: { type: 'boolean' },
        externalId: { type: 'boolean', description: 'Usable as the key of upserts (PUT /api/records/{object}/by/{field}/{value}); implies unique.' },
        system: { type: 'boolean', description: 'System fields cannot be deleted or retyped.' },
        defaultValue: { description: 'A value of the field type, used when a create leaves the field out.' },
        maxLength: { type: 'integer', minimum: 1, description: 'text, email, phone, url: maximum characters.' },
        precision: { type: 'integer', minimum: 1, description: 'decimal, currency, percent: total digits.' },
        scale: { type: 'integer', minimum: 0, description: 'decimal, currency, percent: digits after the point.' },
        values: { type: 'array', items: schemaRef('PicklistValue'), description: 'picklist, multiPicklist.' },
        target: { ...API_NAME, description: "lookup, masterDetail: the target object's API name." },
        deleteRule: { type: 'string', enum: ['restrict', 'setNull', 'cascade'], description: 'lookup, masterDetail: what deleting the target does.' },
        pattern: { type: 'string', description: 'autoNumber: e.g. "Q-{YYYY}-{000000}".' },
        formula: { type: 'string', description: 'formula: the expression computing the value.' },
        returnType: { type: 'string', enum: [...FORMULA_RETURN_TYPES], description: 'formula: the type of the value; rollup: derived from the function and the summarised field.' },
        rollup: {
          type: 'object',
          description: 'rollup: an aggregate over the detail records pointing at this one, computed on read.',
          properties: {
            object: { ...API_NAME, description: 'The detail object.' },
            via: { ...API_NAME, description: "The detail's lookup or master-detail field pointing at this object." },
            function: { type: 'string', enum: [...ROLLUP_FUNCTIONS] },
            field: { ...API_NAME, description: 'sum, min, max: the number, currency, date or datetime field summarised.' },
            filter: { type: 'string', description: 'A boolean formula over the detail: only details for which it is true count.' },
          },
          required: ['object', 'via', 'function'],
        },
        defaultFormula: { type: 'string', description: 'A formula giving the value when a create leaves the field out.' },
        requiredWhen: { type: 'string', description: 'A boolean formula: while true, the field must have a value (422 requiredByFormula otherwise).' },
        searchable: { type: 'boolean', description: 'text, longText, email, phone, url, autoNumber: found by search (GET /api/search, list `q`). Absent: text, email, phone and auto-numbers are; long text and URLs are not.' },
      },
      required: ['apiName', 'type', 'label', 'required', 'unique', 'externalId', 'system'],
    },
    FieldDefinitionInput: fromZod(fieldInput),
    FieldDefinitionPatch: fromZod(fieldPatch, 'The properties to change; null resets an option to its default. System fields accept only label and help text.'),
    FieldDefinitionList: { type: 'object', properties: { fields: { type: 'array', items: schemaRef('FieldDefinition') } }, required: ['fields'] },
    ObjectDefinition: {
      type: 'object',
      properties: {
        apiName: API_NAME,
        label: localized,
        pluralLabel: localized,
        description: localized,
        sharingModel: { type: 'string', enum: ['private', 'publicRead', 'publicReadWrite', 'controlledByParent'], description: 'Who sees records they neither own nor have been shared; absent means publicReadWrite; controlledByParent follows the master record.' },
        implicitParentAccess: { type: 'string', description: 'A lookup field (e.g. account): the owner of the record it points at, and the roles above that owner, may read this record. Absent means no such access.' },
        searchable: { type: 'boolean', description: 'false: the object is left out of global search (GET /api/search); its list quick search still works. Absent means true.' },
        fields: { type: 'array', items: schemaRef('FieldDefinition'), description: 'In display order; always includes the system fields.' },
        category: { type: 'string', description: 'Where the object belongs in navigation, e.g. sales.' },
        listColumns: { type: 'array', items: { type: 'string' }, description: 'The columns lists show by default.' },
        processes: { type: 'array', items: { type: 'object' }, description: 'State machines on picklist fields.' },
        validationRules: {
          type: 'array',
          description: 'Checked on every create and update; `condition` is a formula that is true when the record is invalid.',
          items: {
            type: 'object',
            properties: { apiName: API_NAME, condition: { type: 'string' }, message: localized, field: API_NAME, active: { type: 'boolean' } },
            required: ['apiName', 'condition', 'message', 'active'],
          },
        },
      },
      required: ['apiName', 'label', 'fields'],
    },
    ObjectDefinitionInput: fromZod(objectInput, 'A new object; its system fields (id, name, ownerId, audit fields) are added for it. `nameField` makes `name` an auto-number or changes its label.'),
    ObjectDefinitionPatch: fromZod(objectPatch, 'The properties to change; null clears an optional text.'),
    ObjectDefinitionList: { type: 'object', properties: { objects: { type: 'array', items: schemaRef('ObjectDefinition') } }, required: ['objects'] },
  };
}

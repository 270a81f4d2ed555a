import { Alert, App, Button, Card, Descriptions, Drawer, Form, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunAction } from '../api/mainline.ts';
import { useObjectDef } from '../api/metadata.ts';
import { useRecord } from '../api/records.ts';
import { renderValue, useDisplayContext } from '../fields/field-display.tsx';
import { LookupInput } from '../fields/lookup-input.tsx';
import { RelatedList } from '../records/RelatedLists.tsx';
import { lookupField } from './action-inputs.ts';
import { problemsOn, showProblems } from './problem-fields.ts';
import { ProductOptions, type Choices } from './ProductOptions.tsx';

type Values = { product?: string; quantity?: string; discount?: string };
const TOTALS = ['subtotal', 'discountAmount', 'taxAmount', 'total'];

/** The quote builder: add products (configured with options) to a quote and watch its totals, re-read after each add. */
export function QuoteBuilder({ quoteId, onClose }: { quoteId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useDisplayContext();
  const [form] = Form.useForm<Values>();
  const quoteDef = useObjectDef('quote').data;
  const lineDef = useObjectDef('quoteLineItem').data;
  const quote = useRecord('quote', quoteId, [...TOTALS, 'currency']);
  const run = useRunAction('quote', quoteId);
  const [choices, setChoices] = useState<Choices>({});
  const [error, setError] = useState<unknown>(null);
  const [other, setOther] = useState<string[]>([]);
  const product = Form.useWatch('product', form);
  const productRow = useRecord('product', product, ['configurable']);

  const submit = (values: Values) => {
    const options = Object.entries(choices).map(([option, quantity]) => ({ option, quantity }));
    setError(null);
    setOther([]);
    run.mutate(
      { action: 'addProduct', body: { product: values.product, quantity: values.quantity ?? '1', ...(values.discount ? { discount: values.discount } : {}), ...(options.length > 0 ? { options } : {}) } },
      {
        onSuccess: () => {
          message.success(t('actions.lineAdded'));
          form.resetFields();
          setChoices({});
        },
        onError: (e) => {
          setError(e);
          setOther(showProblems(form, e, ['product', 'quantity', 'discount', 'options'], t('common.error')).filter((m) => !problemsOn(e, 'options').includes(m)));
        },
      },
    );
  };

  const totalFields = (quoteDef?.fields ?? []).filter((f) => TOTALS.includes(f.apiName));
  const lineRelation = lineDef ? lineDef.fields.find((f) => f.apiName === 'quote') : undefined;
  return (
    <Drawer open title={t('actions.builderTitle')} size={720} onClose={onClose} destroyOnHidden data-testid="quote-builder">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('actions.totals')} className="ml-card" data-testid="quote-totals">
          <Descriptions size="small" column={{ xs: 2, md: 4 }} layout="vertical" colon={false} items={totalFields.map((f) => ({ key: f.apiName, label: ctx.labels.field(f), children: <span data-total={f.apiName}>{renderValue(f, quote.data, ctx)}</span> }))} />
        </Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ quantity: '1' }}
          onFinish={submit}
          onValuesChange={(changed: Values) => {
            if ('product' in changed) setChoices({});
          }}
          data-testid="builder-form"
        >
          <Form.Item name="product" label={t('actions.product')} rules={[{ required: true, message: t('form.required', { field: t('actions.product') }) }]}>
            <LookupInput field={lookupField('product', 'product')} />
          </Form.Item>
          <Space size={16} wrap>
            <Form.Item name="quantity" label={t('actions.quantity')}>
              <InputNumber<string> stringMode min="0.0001" precision={4} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="discount" label={t('actions.discount')}>
              <InputNumber<string> stringMode min="0" max="100" precision={2} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          {product && productRow.data?.configurable === true ? <ProductOptions key={product} product={product} value={choices} onChange={setChoices} problems={problemsOn(error, 'options')} /> : null}
          {other.length > 0 ? <Alert type="error" showIcon title={other.join(' ')} className="ml-dialog-alert" /> : null}
          <div>
            <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="builder-add">
              {t('actions.addLine')}
            </Button>
          </div>
        </Form>
        {lineDef && lineRelation && quoteDef ? <RelatedList relation={{ object: lineDef, field: lineRelation }} id={quoteId} parent={quoteDef} /> : null}
      </Space>
    </Drawer>
  );
}

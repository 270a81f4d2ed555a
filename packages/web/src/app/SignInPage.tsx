import { LockOutlined, MailOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ProblemError } from '../api/http.ts';
import { useMe, useSignIn, useSsoProviders } from '../api/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Logo } from './Logo.tsx';

type Credentials = { email: string; password: string };

/** Only paths on this site: never an open redirect. */
const safeReturnTo = (value: string | null): string => (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/signin') ? value : '/');

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const workspace = params.get('workspace') ?? 'default';
  const me = useMe();
  const signIn = useSignIn();
  const providers = useSsoProviders(workspace);
  const navigate = useNavigate();

  if (me.data) return <Navigate to={returnTo} replace />;
  const error = signIn.error instanceof ProblemError ? signIn.error.problem : undefined;

  return (
    <div className="ml-signin">
      <aside className="ml-signin-hero">
        <div className="ml-signin-brand">
          <Logo size={36} />
          <span>{t('app.name')}</span>
        </div>
        <Typography.Title level={2} className="ml-signin-tagline">
          {t('app.tagline')}
        </Typography.Title>
        <ol className="ml-signin-stages" aria-hidden="true">
          {t('app.stages')
            .split(',')
            .map((stage) => (
              <li key={stage}>{stage}</li>
            ))}
        </ol>
      </aside>
      <main className="ml-signin-main">
        <div className="ml-signin-lang">
          <LanguageSwitch />
        </div>
        <Card className="ml-signin-card" variant="borderless">
          <Typography.Title level={3}>{t('signIn.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon className="ml-signin-error" title={error.title === 'network' ? t('errors.network') : error.title} /> : null}
          <Form<Credentials>
            layout="vertical"
            requiredMark={false}
            disabled={signIn.isPending}
            onFinish={(values) => signIn.mutate(values, { onSuccess: () => navigate(returnTo, { replace: true }) })}
          >
            <Form.Item name="email" label={t('signIn.email')} rules={[{ required: true, message: t('signIn.emailRequired') }]}>
              <Input prefix={<MailOutlined />} type="email" autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </Form>
          {providers.data && providers.data.length > 0 ? (
            <>
              <Divider plain>{t('signIn.or')}</Divider>
              {providers.data.map((p) => (
                <Button key={p.id} block size="large" icon={<SafetyCertificateOutlined />} className="ml-sso" href={`/api/auth/sso/${encodeURIComponent(p.id)}/start?returnTo=${encodeURIComponent(returnTo)}`}>
                  {t('signIn.ssoWith', { name: p.name })}
                </Button>
              ))}
            </>
          ) : null}
        </Card>
      </main>
    </div>
  );
}

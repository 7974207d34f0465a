/** Loading, error, 403 and 404 states in the user's locale, and the error boundary around every page. */
import { Component, ErrorInfo, ReactNode } from 'react';
import { Alert, Button, Result, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { ApiProblem } from './api';
import { useT } from './i18n';

export function Loading({ tip }: { tip?: string }) {
  const t = useT();
  return (
    <div role="status" aria-live="polite" style={{ padding: 24, textAlign: 'center' }}>
      <Spin size="large" />
      <div style={{ marginTop: 12 }}>{tip ?? t('app.loading')}</div>
    </div>
  );
}

/** A problem's title and detail; anything else thrown as the generic "could not load" text. */
export function useProblemText(): (error: unknown) => { title: string; detail?: string } {
  const t = useT();
  return (error) => {
    if (error instanceof ApiProblem) {
      if (error.status === 0 || !error.title) return { title: t('app.networkError') };
      return { title: error.title, detail: error.detail };
    }
    return { title: t('app.unexpectedError') };
  };
}

/** A whole-page error: 403 and 404 as their Result pages, anything else with the problem's title and detail. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const problemText = useProblemText();
  const status = error instanceof ApiProblem ? error.status : 0;
  if (status === 403) return <Result status="403" title="403" subTitle={t('app.forbidden')} extra={<HomeLink />} />;
  if (status === 404) return <Result status="404" title="404" subTitle={t('app.notFoundThing')} extra={<HomeLink />} />;
  const { title, detail } = problemText(error);
  return (
    <Result
      status="error"
      title={t('app.loadFailed')}
      subTitle={detail ? `${title}：${detail}` : title}
      extra={onRetry ? <Button onClick={onRetry}>{t('app.retry')}</Button> : undefined}
    />
  );
}

/** A problem that names no form field (or a failed action): shown above the form. */
export function ProblemAlert({ error }: { error: unknown }) {
  const problemText = useProblemText();
  if (!error) return null;
  const { title, detail } = problemText(error);
  return <Alert role="alert" type="error" showIcon title={title} description={detail} style={{ marginBottom: 16 }} />;
}

function HomeLink() {
  const t = useT();
  return (
    <Link to="/">
      <Button type="primary">{t('app.backHome')}</Button>
    </Link>
  );
}

export function NotFoundPage() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('app.notFound')} extra={<HomeLink />} />;
}

export function ForbiddenPage() {
  const t = useT();
  return <Result status="403" title="403" subTitle={t('app.forbidden')} extra={<HomeLink />} />;
}

function CrashNotice({ onReset }: { onReset: () => void }) {
  const t = useT();
  return (
    <Result status="error" title={t('app.crashed')} subTitle={t('app.crashedDetail')} extra={<Button onClick={onReset}>{t('app.retry')}</Button>} />
  );
}

/** Keeps a failing page from blanking the whole console; the layout and menu stay usable. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { failed: boolean; resetKey?: string }> {
  state: { failed: boolean; resetKey?: string } = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { resetKey?: string }, state: { failed: boolean; resetKey?: string }) {
    return props.resetKey !== state.resetKey ? { failed: false, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the browser console for whoever debugs it; the user sees the notice.
    console.warn('page failed', error, info.componentStack);
  }

  render() {
    return this.state.failed ? <CrashNotice onReset={() => this.setState({ failed: false })} /> : this.props.children;
  }
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundledProblem } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

/**
 * Says when the models shipped with Canting were missing or damaged when the
 * catalogue was opened (the core checks once, app/create.ts), so a user
 * learns why there is no model before classifying fails.
 */
export function BundledModelsBanner() {
  const client = useClient();
  const { t } = useTranslation();
  const [problem, setProblem] = useState<BundledProblem | null>(null);
  useEffect(() => {
    let alive = true;
    client.call('models.bundled', {}).then(
      (state) => alive && setProblem(state.problem),
      () => alive && setProblem(null), // a caller who may not ask has nothing to do about it either
    );
    return () => {
      alive = false;
    };
  }, [client]);
  if (!problem) return null;
  return <ErrorBanner testId="bundled-problem">{t(`bundled.problems.${problem.messageKey}`, problem.params)}</ErrorBanner>;
}

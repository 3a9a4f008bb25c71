import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementReport, Assignee, Facet, GridItem, ValidationPolicy, ValidationVote, WorkQueue } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { FacetOptions } from '../../components/FacetOptions.js';
import { useCurrentFacet } from '../../components/currentFacet.js';
import { usePermissions } from '../../components/permissions.js';
import './validation.css';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const kappa = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/**
 * Layered validation (validasi berlapis) for one facet: how many people must
 * agree, the disputes queue with the expert's resolution, agreement between
 * validators, and work queues with progress. The server decides who may do
 * what; this screen shows what it answers (an error in the user's language).
 */
export function ValidationPanel() {
  const client = useClient();
  const { t } = useTranslation();
  const working = useCurrentFacet();
  // Controls the signed-in role may not use are greyed out with the reason (the server decides in any case).
  const denied = usePermissions();
  const [resolveDenied, policyDenied, queuesDenied] = [denied('resolve'), denied('policy'), denied('queues')];
  const [facets, setFacets] = useState<Facet[]>([]);
  const [facet, setFacet] = useState(working ?? 'motif');
  const [policy, setPolicy] = useState<ValidationPolicy | null>(null);
  const [disputes, setDisputes] = useState<GridItem[]>([]);
  const [votes, setVotes] = useState<Record<number, ValidationVote[]>>({});
  const [agreement, setAgreement] = useState<AgreementReport | null>(null);
  const [queues, setQueues] = useState<WorkQueue[]>([]);
  const [mine, setMine] = useState<WorkQueue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [assignee, setAssignee] = useState('');
  // A team catalogue's validators and experts, to pick from; none (single-seat, or not allowed): the name is typed.
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  const [folder, setFolder] = useState('');

  const load = useCallback(async () => {
    try {
      const [policies, page, report, all, mine] = await Promise.all([
        client.call('validation.policies', {}),
        client.call('review.query', { facet, filter: { statuses: ['disputed'] }, sort: 'importedAt', limit: 200 }),
        client.call('validation.agreement', { facet }),
        client.call('queue.list', {}),
        // "My queue": the signed-in user's in a team catalogue, else the validator name set on this catalogue.
        client.call('queue.list', { mine: true }),
      ]);
      setPolicy(policies.find((p) => p.facet === facet) ?? null);
      setDisputes(page.items);
      setAgreement(report);
      setQueues(all.filter((q) => q.facet === facet));
      setMine(mine);
      const entries = await Promise.all(page.items.map(async (i) => [i.id, (await client.call('validation.votes', { id: i.id, facet })).votes] as const));
      setVotes(Object.fromEntries(entries));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [client, facet]);

  useEffect(() => {
    client.call('facet.list', {}).then(setFacets, (err: Error) => setError(err.message));
  }, [client]);
  const mayAssign = queuesDenied === undefined;
  useEffect(() => {
    if (!mayAssign) return;
    client.call('users.validators', {}).then(setAssignees, () => setAssignees([]));
  }, [client, mayAssign]);
  useEffect(() => {
    void load();
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed') void load();
    });
  }, [client, load]);

  const act = async (run: () => Promise<string | null>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await run());
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const setRequired = (requiredValidations: 1 | 2) => act(async () => (await client.call('validation.setPolicy', { facet, requiredValidations }), null));
  const setBlind = (blind: boolean) => act(async () => (await client.call('validation.setPolicy', { facet, blind }), null));
  const resolve = (id: number, label: string | null) =>
    act(async () => {
      const r = await client.call('validation.resolve', label ? { facet, ids: [id], action: 'label', label } : { facet, ids: [id], action: 'reject' });
      return t('validation.resolved', { count: r.resolved });
    });
  const assign = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await client.call('queue.assign', { facet, assignee, folder });
      setAssignee('');
      setFolder('');
      return null;
    });
  };
  const labels = facets.find((f) => f.key === facet)?.labels ?? [];
  const queueRow = (q: WorkQueue, removable: boolean) => (
    <li key={q.id} data-testid="queue-row">
      <b>{q.assignee}</b> · {q.folder ?? JSON.stringify(q.filter)} · <progress max={q.total || 1} value={q.done} /> {t('validation.progress', { done: q.done, total: q.total })}
      {removable && (
        <button type="button" disabled={queuesDenied !== undefined} title={queuesDenied} onClick={() => void act(async () => (await client.call('queue.remove', { id: q.id }), null))}>
          {t('validation.remove')}
        </button>
      )}
    </li>
  );

  return (
    <section className="validation-panel" data-testid="validation-panel" aria-labelledby="validation-title">
      <h3 id="validation-title">{t('validation.title')}</h3>
      <select value={facet} onChange={(e) => setFacet(e.target.value)} data-testid="validation-facet">
        <FacetOptions facets={facets} />
      </select>
      {error && (
        <p className="error" role="alert" data-testid="validation-error">
          {error}
        </p>
      )}
      {message && <p data-testid="validation-message">{message}</p>}

      <h4>{t('validation.policyTitle')}</h4>
      <p className="muted">{t('validation.policyHelp')}</p>
      {policy && (
        <div className="validation-policy">
          <label>
            {t('validation.required')}{' '}
            <select value={policy.requiredValidations} onChange={(e) => void setRequired(e.target.value === '2' ? 2 : 1)} disabled={policyDenied !== undefined} title={policyDenied} data-testid="validation-required">
              <option value={1}>{t('validation.one')}</option>
              <option value={2}>{t('validation.two')}</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={policy.blind} onChange={(e) => void setBlind(e.target.checked)} disabled={policyDenied !== undefined} title={policyDenied} data-testid="validation-blind" /> {t('validation.blind')}
          </label>
        </div>
      )}

      <h4>{t('validation.disputesTitle')}</h4>
      <p className="muted">{t('validation.disputesHelp')}</p>
      {!disputes.length && <p data-testid="disputes-none">{t('validation.disputesNone')}</p>}
      <ul className="validation-disputes">
        {disputes.map((item) => (
          <li key={item.id} data-testid="dispute-row">
            <b>{item.fileName}</b> · {t('validation.votes')}:{' '}
            {(votes[item.id] ?? []).map((v) => `${v.actor}: ${v.hidden ? t('validation.hidden') : v.label ? (labels.find((l) => l.key === v.label)?.name ?? v.label) : t('review.status.rejected')}`).join(', ')}
            <span className="validation-resolve">
              {t('validation.resolveWith')}:{' '}
              {labels.map((l) => (
                <button key={l.key} type="button" onClick={() => void resolve(item.id, l.key)} disabled={resolveDenied !== undefined} title={resolveDenied} data-testid={`resolve-${l.key}`}>
                  {l.name}
                </button>
              ))}
              <button type="button" onClick={() => void resolve(item.id, null)} disabled={resolveDenied !== undefined} title={resolveDenied} data-testid="resolve-reject">
                {t('validation.resolveReject')}
              </button>
            </span>
          </li>
        ))}
      </ul>

      <h4>{t('validation.agreementTitle')}</h4>
      {agreement && !agreement.overall.items && <p>{t('validation.agreementNone')}</p>}
      {agreement && agreement.overall.items > 0 && (
        <table className="validation-agreement" data-testid="agreement-table">
          <thead>
            <tr>
              <th>{t('validation.pair')}</th>
              <th>{t('validation.items')}</th>
              <th>{t('validation.agreed')}</th>
              <th>{t('validation.percent')}</th>
              <th>{t('validation.kappa')}</th>
            </tr>
          </thead>
          <tbody>
            {[...agreement.pairs.map((p) => ({ who: `${p.a} / ${p.b}`, c: p })), { who: t('validation.overall'), c: agreement.overall }].map(({ who, c }) => (
              <tr key={who}>
                <td>{who}</td>
                <td>{c.items}</td>
                <td>{c.agreed}</td>
                <td>{pct(c.percentAgreement)}</td>
                <td>{kappa(c.kappa)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h4>{t('validation.queuesTitle')}</h4>
      <h5>{t('validation.myQueue')}</h5>
      {!mine.length ? <p>{t('validation.queuesNone')}</p> : <ul data-testid="my-queue">{mine.map((q) => queueRow(q, false))}</ul>}
      <h5>{t('validation.allQueues')}</h5>
      {!queues.length ? <p>{t('validation.queuesNone')}</p> : <ul data-testid="all-queues">{queues.map((q) => queueRow(q, true))}</ul>}
      <form onSubmit={assign} className="validation-assign">
        <fieldset disabled={queuesDenied !== undefined} title={queuesDenied} data-testid="assign-form">
          {assignees.length > 0 ? (
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-label={t('validation.assignee')} required data-testid="assignee">
              <option value="">{t('validation.assignee')}…</option>
              {assignees.map((a) => (
                <option key={a.username} value={a.username}>
                  {a.displayName} ({t(`team.roles.${a.role}`)})
                </option>
              ))}
            </select>
          ) : (
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder={t('validation.assignee')} aria-label={t('validation.assignee')} required />
          )}
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={t('validation.folder')} aria-label={t('validation.folder')} required />
          <button type="submit">{t('validation.assign')}</button>
        </fieldset>
      </form>
    </section>
  );
}

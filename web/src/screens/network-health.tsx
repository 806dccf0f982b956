import { useEffect } from 'preact/hooks';
import { Section } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { NetworkHealth } from '../lib/explorer-types';
import { useLoad, useSession } from '../session';

/** Health is probed afresh on each request; every few seconds keeps heights moving without load. */
const REFRESH_MS = 5_000;

/** Each peer's height and the orderers' Raft leader, refreshed every few seconds. */
export function NetworkScreen() {
  const i18n = useI18n();
  const { client } = useSession();
  const health = useLoad(() => client.get<NetworkHealth>('/v1/network/health'), []);
  const { reload } = health;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const value = health.value;
  return (
    <Section title={i18n.t('audit.tab.health')}>
      <ErrorBox problem={health.problem} />
      {value === undefined ? null : (
        <>
          <p class={`verdict ${value.leader === undefined ? 'verdict-bad' : 'verdict-ok'}`} role="status">
            {value.leader === undefined
              ? i18n.t('network.noLeader')
              : i18n.t('network.leader', { name: value.leader })}
          </p>
          <p class="muted">
            {i18n.t('network.checkedAt', {
              time: i18n.dateTime(value.checkedAt),
              seconds: REFRESH_MS / 1000,
            })}
          </p>
          <div class="table-wrap">
            <table class="peers">
              <caption>{i18n.t('network.peers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('field.org')}</th>
                  <th scope="col">{i18n.t('field.endpoint')}</th>
                  <th scope="col">{i18n.t('field.state')}</th>
                  <th scope="col">{i18n.t('network.height')}</th>
                </tr>
              </thead>
              <tbody>
                {value.peers.map((peer) => (
                  <tr key={peer.endpoint} data-org={peer.org}>
                    <th scope="row">{peer.org}</th>
                    <td>
                      <code>{peer.endpoint}</code>
                    </td>
                    <td>
                      <span class={`badge ${peer.state === 'READY' ? 'badge-authorised' : 'badge-rejected'}`}>
                        {peer.state}
                      </span>
                    </td>
                    <td class="height">
                      {peer.height === undefined ? i18n.t('network.noAnswer') : i18n.number(peer.height)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table class="orderers">
              <caption>{i18n.t('network.orderers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('network.orderer')}</th>
                  <th scope="col">{i18n.t('network.raftRole')}</th>
                  <th scope="col">{i18n.t('network.height')}</th>
                  <th scope="col">{i18n.t('network.clusterSize')}</th>
                </tr>
              </thead>
              <tbody>
                {value.orderers.map((orderer) => (
                  <tr key={orderer.name} data-leader={String(orderer.isLeader)}>
                    <th scope="row">{orderer.name}</th>
                    <td>
                      {!orderer.reachable ? (
                        <span class="badge badge-rejected">{i18n.t('network.noAnswer')}</span>
                      ) : orderer.isLeader ? (
                        <span class="badge badge-authorised">{i18n.t('network.isLeader')}</span>
                      ) : (
                        i18n.t('network.follower')
                      )}
                    </td>
                    <td>{orderer.height === undefined ? '—' : i18n.number(orderer.height)}</td>
                    <td>{orderer.clusterSize === undefined ? '—' : i18n.number(orderer.clusterSize)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

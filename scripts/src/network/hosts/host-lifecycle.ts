import type { Topology } from '../topology';
import { hostPlan } from './deployment';
import { createHosts, removeHosts } from './netns-hosts';

type Log = (message: string) => void;

function isNetns(topology: Topology): boolean {
  return topology.deployment?.mode === 'netns';
}

/** netns mode: each organization's host (namespace, address, names) exists before its processes start. */
export function prepareHosts(topology: Topology, log: Log): void {
  if (isNetns(topology)) createHosts(hostPlan(topology), log);
}

/** netns mode: after every process stopped, no namespace, veth or bridge of the instance remains. */
export function releaseHosts(topology: Topology, log: Log): void {
  if (isNetns(topology)) removeHosts(hostPlan(topology), log);
}

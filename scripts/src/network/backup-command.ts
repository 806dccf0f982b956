import { parseArgs } from 'node:util';
import { backup, restore } from './backup';
import { up, type Network } from './network';

export const BACKUP_USAGE = `  backup [--to <dir>] archive every organization's data folder and keys, one organization at a time
                     (its processes pause for the copy), into <dir>/<time>/ (default: backups/ in the
                     data folder), owner-only
  restore --from <dir> [--org <org>]... [--start]
                     put back the chosen organizations' folders (all: the network must be down); --start
                     then runs up, and restored peers catch up from the orderers`;

export async function backupCommand(net: Network, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  const { dir, manifest } = await backup(net, { to: values.to });
  for (const unit of manifest.units) {
    const heights = Object.entries(unit.peerHeights).map(([peer, h]) => ` ${peer} at height ${h}`);
    net.log(`${unit.archive.padEnd(14)} ${(unit.bytes / 1e6).toFixed(1).padStart(7)} MB${heights.join(',')}`);
  }
  net.log(`backup in ${dir} (holds private keys: keep it owner-only, encrypted off this host)`);
  return 0;
}

export async function restoreCommand(net: Network, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      org: { type: 'string', multiple: true },
      start: { type: 'boolean', default: false },
    },
  });
  if (!values.from) throw new Error('restore needs --from <backup dir>');
  const units = await restore(net, { from: values.from, orgs: values.org ?? [] });
  for (const unit of units) {
    for (const [peer, height] of Object.entries(unit.peerHeights))
      net.log(`${peer} restored at height ${height}`);
  }
  if (values.start) {
    await up(net);
    net.log('network up; restored peers catch up from the orderers');
  } else {
    net.log('start it with network:up; restored peers catch up from the orderers');
  }
  return 0;
}

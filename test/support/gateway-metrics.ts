/** How many submits learned their commit from the block stream (`event`) or a CommitStatus call (`poll`). */
export async function commitStatusCounts(
  gatewayUrl: string,
  token: string,
): Promise<{ event: number; poll: number }> {
  const response = await fetch(`${gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const count = (source: string): number =>
    Number(
      new RegExp(`^gateway_fabric_commit_status_total\\{source="${source}"\\} (\\d+)$`, 'm').exec(
        text,
      )?.[1] ?? 0,
    );
  return { event: count('event'), poll: count('poll') };
}

import ipaddr from 'ipaddr.js';

/**
 * Who may hand the abuse mailbox a report: client address blocks (`127.0.0.0/8`, `::1/128`, a
 * bare address) and sender domains (`example.org`, which also admits its subdomains).
 */
export class AllowList {
  private readonly blocks: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  private readonly domains: string[] = [];

  constructor(entries: string[]) {
    for (const entry of entries.map((e) => e.trim().toLowerCase()).filter((e) => e.length > 0)) {
      if (entry.includes('/')) this.blocks.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        const address = ipaddr.parse(entry);
        this.blocks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else this.domains.push(entry.replace(/^\*?\./, ''));
    }
  }

  /** Throws what is wrong with an entry, for the config to name it. */
  static check(entry: string): string | undefined {
    const e = entry.trim();
    if (e.includes('/')) return ipaddr.isValidCIDR(e) ? undefined : `${e} is not an address block such as 192.0.2.0/24`;
    if (ipaddr.isValid(e) || /^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/i.test(e)) return undefined;
    return `${e} is neither an address, an address block nor a domain`;
  }

  clientAllowed(remoteAddress: string): boolean {
    if (!ipaddr.isValid(remoteAddress)) return false;
    let address = ipaddr.parse(remoteAddress);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
    return this.blocks.some(([block, bits]) => block.kind() === address.kind() && address.match(block, bits));
  }

  senderAllowed(mailFrom: string): boolean {
    const domain = mailFrom.split('@').pop()?.toLowerCase() ?? '';
    return this.domains.some((d) => domain === d || domain.endsWith(`.${d}`));
  }

  get hasDomains(): boolean {
    return this.domains.length > 0;
  }
}

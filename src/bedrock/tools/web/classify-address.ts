/**
 * Which IP addresses `fetch_url` may connect to: public unicast only. Everything else is refused with a reason the
 * model can pass on: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
 * multicast, broadcast, unspecified, CGNAT (100.64/10), reserved and documentation ranges, cloud metadata endpoints,
 * and IPv6 forms that embed an IPv4 address: `::ffff:` mapped (judged as the IPv4 it maps), NAT64 (64:ff9b::/96,
 * 64:ff9b:1::/48), 6to4 and Teredo — their embedded address could be a private one, and a public page never needs
 * them. The ranges are ipaddr.js's (RFC 6890 special-purpose registries); only its `unicast` is allowed.
 */
import ipaddr from "ipaddr.js";

/** Metadata services that answer on addresses ipaddr.js calls public, or that deserve their own name in the reason. */
const METADATA_ADDRESSES = new Map<string, string>([
  ["169.254.169.254", "the cloud metadata service (AWS, GCP, Azure, OpenStack)"],
  ["169.254.170.2", "the AWS ECS task metadata service"],
  ["168.63.129.16", "the Azure platform (WireServer) endpoint"],
  ["100.100.100.200", "the Alibaba Cloud metadata service"],
  ["192.0.0.192", "the Oracle Cloud metadata service"],
  ["fd00:ec2::254", "the AWS metadata service (IPv6)"],
]);

const RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified address (0.0.0.0 / ::)",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address (this machine)",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  private: "a private network address",
  uniqueLocal: "a private (unique local) IPv6 address",
  reserved: "a reserved or documentation address",
  rfc6052: "a NAT64 address (it embeds an IPv4 address)",
  rfc6145: "an IPv4-translated address (it embeds an IPv4 address)",
  "6to4": "a 6to4 address (it embeds an IPv4 address)",
  teredo: "a Teredo address (it embeds an IPv4 address)",
};

/** NAT64 local-use prefix (RFC 8215); ipaddr.js may call it unicast. */
const LOCAL_NAT64 = ipaddr.parseCIDR("64:ff9b:1::/48");

/**
 * Why `address` must not be connected to, or `undefined` when it is a public unicast address. Accepts what
 * ipaddr.js parses, including IPv4 in decimal, octal and hex (`2130706433`, `017700000001`, `0x7f000001`).
 */
export function blockedAddressReason(address: string): string | undefined {
  const text = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(text)) return `"${address}" is not an IP address`;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      const reason = blockedAddressReason(v6.toIPv4Address().toString());
      return reason === undefined ? undefined : `${text} maps to IPv4 ${v6.toIPv4Address().toString()}: ${reason}`;
    }
    if (v6.match(LOCAL_NAT64)) return describe(text, RANGE_NAMES.rfc6052 ?? "");
  }
  const normal = parsed.toNormalizedString();
  const metadata = METADATA_ADDRESSES.get(parsed.kind() === "ipv6" ? (parsed as ipaddr.IPv6).toString() : normal);
  if (metadata !== undefined) return describe(text, metadata);
  const range = parsed.range();
  if (range === "unicast") return undefined;
  return describe(text, RANGE_NAMES[range] ?? `a special-purpose address (${range})`);
}

function describe(address: string, what: string): string {
  return `${address} is ${what}`;
}

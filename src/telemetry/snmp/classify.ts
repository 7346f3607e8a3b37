/**
 * How SNMP discovery names what answered (PRODUCT 6): the first rule whose sysObjectID prefix
 * (the vendor's enterprise number) or sysDescr pattern matches gives the resource's class,
 * subclass and type. Agents that are the Net-SNMP daemon report its enterprise (8072) whatever
 * the OS, so the OS comes from sysDescr's first word: `net-snmp/linux`. docs/telemetry-snmp.md
 * lists the rules.
 */

export interface Classification {
  resource_class: string;
  resource_subclass: string;
  resource_type: string;
}

interface Rule {
  objectIdPrefix?: string;
  descr?: RegExp;
  classify(sysDescr: string): Classification;
}

const fixed =
  (resource_class: string, resource_subclass: string, resource_type: string) =>
  (): Classification => ({ resource_class, resource_subclass, resource_type });

/** sysDescr's first word (the OS name Net-SNMP puts there), lower-case; `unknown` if none. */
function osWord(sysDescr: string): string {
  const word = /^[A-Za-z][A-Za-z0-9_-]*/.exec(sysDescr.trim())?.[0];
  return word ? word.toLowerCase() : 'unknown';
}

const ENTERPRISES = '1.3.6.1.4.1.';

export const CLASSIFICATION_RULES: readonly Rule[] = [
  {
    objectIdPrefix: `${ENTERPRISES}8072.`,
    classify: (d) => ({
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: `net-snmp/${osWord(d)}`,
    }),
  },
  { objectIdPrefix: `${ENTERPRISES}9.`, classify: fixed('network', 'switch', 'cisco') },
  { objectIdPrefix: `${ENTERPRISES}2636.`, classify: fixed('network', 'router', 'juniper') },
  { objectIdPrefix: `${ENTERPRISES}30065.`, classify: fixed('network', 'switch', 'arista') },
  { objectIdPrefix: `${ENTERPRISES}14988.`, classify: fixed('network', 'router', 'mikrotik') },
  { objectIdPrefix: `${ENTERPRISES}25461.`, classify: fixed('network', 'firewall', 'paloalto') },
  { objectIdPrefix: `${ENTERPRISES}12356.`, classify: fixed('network', 'firewall', 'fortinet') },
  { objectIdPrefix: `${ENTERPRISES}311.`, classify: fixed('system', 'host', 'windows') },
  { objectIdPrefix: `${ENTERPRISES}6876.`, classify: fixed('system', 'hypervisor', 'vmware') },
  { descr: /\blinux\b/i, classify: fixed('system', 'host', 'linux') },
  { descr: /\bwindows\b/i, classify: fixed('system', 'host', 'windows') },
  { descr: /\b(cisco|ios|nx-os)\b/i, classify: fixed('network', 'switch', 'cisco') },
  { descr: /\bjunos\b/i, classify: fixed('network', 'router', 'juniper') },
];

const FALLBACK = fixed('network', 'device', 'generic');

export function classify(sysObjectID: string, sysDescr: string): Classification {
  for (const rule of CLASSIFICATION_RULES) {
    if (rule.objectIdPrefix && `${sysObjectID}.`.startsWith(rule.objectIdPrefix))
      return rule.classify(sysDescr);
    if (rule.descr?.test(sysDescr)) return rule.classify(sysDescr);
  }
  return FALLBACK();
}

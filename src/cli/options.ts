import { type Protocol, isProtocol } from '../net/protocol.js';
import { UsageError } from './io.js';

export type OutputFormat = 'text' | 'json';

export function parsePort(value: string | undefined, flag = '--port'): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a port number`, 'Ports are numbers from 1 to 65535.');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new UsageError(`${flag}: ${n} is out of range`, 'Ports are numbers from 1 to 65535.');
  return n;
}

/** A port number, or a container port name resolved against each destination pod. */
export function parsePortOrName(value: string, flag = '--port'): number | string {
  if (/^[0-9]+$/.test(value)) return parsePort(value, flag)!;
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) && value.length <= 15) return value;
  throw new UsageError(`${flag}: "${value}" is neither a port number nor a port name`, 'Give a number (8080) or a container port name (http).');
}

export function parseProtocol(value: string | undefined): Protocol {
  const upper = (value ?? 'TCP').toUpperCase();
  if (!isProtocol(upper)) throw new UsageError(`--protocol: "${value}" is not a protocol`, 'Use TCP, UDP or SCTP.');
  return upper;
}

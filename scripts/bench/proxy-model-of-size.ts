import type { ProxyModel, ProxyService } from '../../src/domain/proxy-model';

const pad = (n: number): string => String(n).padStart(3, '0');

/**
 * A proxy model of `services` services with `instances` servers each, shaped like real deploys
 * (`bench007-app`, path `/svc007`, servers `bench007_app-blue_3` on the simulated hosts 10.77.0.11-14).
 */
export function proxyModelOfSize(services: number, instances: number): ProxyModel {
  const list: ProxyService[] = [];
  for (let s = 0; s < services; s += 1) {
    const project = `bench${pad(s)}`;
    const color = s % 2 === 0 ? 'blue' : 'green';
    const servers = Array.from({ length: instances }, (_, i) => ({
      name: `${project}_app-${color}_${i + 1}`,
      address: `10.77.0.${11 + (i % 4)}`,
      port: 32768 + ((s * instances + i) % 28000),
      node: `h${1 + (i % 4)}`,
    })).sort((a, b) => a.name.localeCompare(b.name));
    list.push({ serviceName: `${project}-app`, coloredName: `${project}-app-${color}`, paths: [`/svc${pad(s)}`], groups: [{ color, percent: 100, servers }] });
  }
  return { httpPort: 80, statusPort: 8080, statusBind: '127.0.0.1', services: list.sort((a, b) => a.serviceName.localeCompare(b.serviceName)) };
}

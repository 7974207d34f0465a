import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgencyRegistry, regionContains } from './agency-registry';

describe('agency registry', () => {
  const registry = AgencyRegistry.fromFile('config/agencies.json');

  it('given the shipped registry, then offices resolve by region and level, and up the hierarchy', () => {
    expect(registry.officeFor('350502')?.code).toBe('lc-office');
    expect(registry.officeFor('350502', 'city')?.code).toBe('qz-office');
    expect(registry.parentOffice(registry.get('lc-office')!)?.code).toBe('qz-office');
    expect(registry.parentOffice(registry.get('qz-office')!)?.code).toBe('fj-office');
    expect(registry.withDuty('police', '350502').map((a) => a.code)).toEqual(['lc-police', 'qz-police']);
    expect(registry.name('lc-market')).toBe('鲤城区市场监督管理局');
    expect(registry.name('lc-market', 'en')).toBe('Licheng District Market Regulation Bureau');
  });

  it('given region codes, then a city contains its districts and a province its cities, and nothing else', () => {
    expect(regionContains('350500', '350502')).toBe(true);
    expect(regionContains('350000', '350502')).toBe(true);
    expect(regionContains('350502', '350503')).toBe(false);
    expect(regionContains('350500', '350100')).toBe(false);
  });

  it('given a broken file, then every problem is named at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jm-reg-'));
    const file = join(dir, 'agencies.json');
    writeFileSync(
      file,
      JSON.stringify({
        agencies: [
          { code: 'A b', name: { 'zh-CN': '甲' }, kind: 'ministry', level: 'district', jurisdiction: '35' },
          { code: 'ok-one', name: { 'zh-CN': '乙', en: 'B' }, kind: 'member', duty: 'spies', level: 'city', jurisdiction: '350500' },
        ],
      }),
    );
    let message = '';
    try {
      AgencyRegistry.fromFile(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('agencies[0] (A b).code');
    expect(message).toContain('agencies[0] (A b).name');
    expect(message).toContain('agencies[0] (A b).kind');
    expect(message).toContain('agencies[0] (A b).jurisdiction');
    expect(message).toContain('agencies[1] (ok-one).duty');
    writeFileSync(file, '{ not json');
    expect(() => AgencyRegistry.fromFile(file)).toThrow(/cannot be read as JSON/);
  });
});

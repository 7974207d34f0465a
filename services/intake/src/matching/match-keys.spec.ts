/** Normalisation of match keys and the link score. */
import { matchKeysOf, matchScore, REASON_WEIGHTS, normalizeAppName, normalizeCompanyName, phoneDigits, reasonOf, websiteHost } from './match-keys';

describe('match keys', () => {
  it('company names match across legal-form suffixes, spaces and full-width characters', () => {
    const expected = '深圳市某某投资管理';
    for (const name of [
      '深圳市某某投资管理有限公司',
      '深圳市某某投资管理 有限责任公司',
      '深圳市某某投资管理股份有限公司',
      '深圳市某某投资管理（有限公司）',
      '深圳市某某投资管理有限公司（深圳分公司）',
      '深圳市　某某投资管理集团有限公司',
      '深圳市某某投资管理公司',
      ' 深圳市某某投资管理有限公司。',
    ]) {
      expect(normalizeCompanyName(name)).toBe(expected);
    }
  });
  it('latin names are lower-cased and lose Co., Ltd. and the like; full-width latin folds', () => {
    expect(normalizeCompanyName('ＡＢＣ Wealth Co., Ltd.')).toBe('abcwealth');
    expect(normalizeCompanyName('abc wealth limited')).toBe('abcwealth');
    expect(normalizeCompanyName('ABC Wealth Inc')).toBe('abcwealth');
  });
  it('a bare suffix is not stripped to nothing: at least two characters stay', () => {
    expect(normalizeCompanyName('有限公司')).toBe('有限');
    expect(normalizeCompanyName('公司')).toBe('公司');
  });
  it('website host: lower case, no www., no port, no path; full-width folds', () => {
    expect(websiteHost('https://WWW.Example.com:8443/invest?a=1')).toBe('example.com');
    expect(websiteHost('ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('example.com');
    expect(websiteHost('example.com/path')).toBe('example.com');
    expect(websiteHost('not a url')).toBeUndefined();
  });
  it('app names and phones', () => {
    expect(normalizeAppName('某某理财 APP')).toBe('某某理财');
    expect(normalizeAppName('某某理财')).toBe('某某理财');
    expect(phoneDigits('+86 138-0000-0000')).toBe('13800000000');
    expect(phoneDigits('8613800000000')).toBe('13800000000');
    expect(phoneDigits('0086 13800000000')).toBe('13800000000');
    expect(phoneDigits('0595-22345678')).toBe('059522345678');
    expect(phoneDigits('１３８００００００００')).toBe('13800000000');
    expect(phoneDigits('123')).toBeUndefined();
  });
  it('keys of subjects, each once; a credit code only when its check digit is right', () => {
    const keys = matchKeysOf([
      { kind: 'company', name: '泉州某某财富管理有限公司', creditCode: '91110108551385082q' },
      { kind: 'company', name: '泉州某某财富管理 有限责任公司', creditCode: '91110108551385083Q' },
      { kind: 'website', url: 'https://www.moumou.cn' },
      { kind: 'app', name: '某某财富APP' },
      { kind: 'phone', phone: '+86 13800000000' },
      { kind: 'person', name: '张三' },
    ]);
    expect(keys).toEqual(['credit:91110108551385082Q', 'name:泉州某某财富管理', 'host:moumou.cn', 'app:某某财富', 'phone:13800000000']);
    expect(reasonOf('name:泉州某某财富管理')).toEqual({ kind: 'company_name', value: '泉州某某财富管理' });
    expect(reasonOf('bogus:x')).toBeUndefined();
  });
  it('score: 1 for a credit code, 1-Π(1-w) for the rest, kinds counted once', () => {
    expect(matchScore([{ kind: 'credit_code' }])).toBe(1);
    expect(matchScore([{ kind: 'company_name' }])).toBe(0.8);
    expect(matchScore([{ kind: 'company_name' }, { kind: 'phone' }])).toBe(0.9);
    expect(matchScore([{ kind: 'phone' }, { kind: 'phone' }])).toBe(0.5);
    expect(matchScore([{ kind: 'website' }, { kind: 'app' }])).toBe(0.88);
  });

  it('a suffix is stripped only while at least two characters stay before it, longest first, repeatedly', () => {
    expect(normalizeCompanyName('某公司')).toBe('某公司');
    expect(normalizeCompanyName('某某公司')).toBe('某某');
    expect(normalizeCompanyName('x co')).toBe('xco');
    expect(normalizeCompanyName('xy co')).toBe('xy');
    expect(normalizeCompanyName('某某有限责任公司')).toBe('某某');
    expect(normalizeCompanyName('某某集团有限公司')).toBe('某某');
    expect(normalizeCompanyName('ABC Group Co., Ltd.')).toBe('abc');
    expect(normalizeCompanyName('ABC Company Limited')).toBe('abc');
    expect(normalizeAppName('abcapp')).toBe('abc');
    expect(normalizeAppName('xapp')).toBe('xapp');
    expect(normalizeAppName('某某财富管理')).toBe('某某财富管理');
    // A suffix uncovered by stripping another is stripped too, whatever their order in the list.
    expect(normalizeCompanyName('ABC Limited Group')).toBe('abc');
    expect(normalizeCompanyName('某某有限公司集团')).toBe('某某');
  });

  it('a pair of spellings gives the same keys whichever is reported first', () => {
    const pairs: Array<[string, string]> = [
      ['深圳市某某投资管理有限公司', '深圳市某某投资管理'],
      ['ABC Wealth Co., Ltd.', 'abc wealth'],
      ['某某财富（深圳分公司）', '某某财富集团'],
      ['某某有限公司集团', '某某有限公司'],
    ];
    for (const [a, b] of pairs) {
      const keysA = matchKeysOf([{ kind: 'company', name: a }]);
      const keysB = matchKeysOf([{ kind: 'company', name: b }]);
      expect(keysA).toEqual(keysB);
      expect(keysA).toHaveLength(1);
    }
  });

  it('hosts and phones: a bare name is no host, a short number no phone, 86 is a country code only before 11 digits', () => {
    expect(websiteHost('localhost')).toBeUndefined();
    expect(websiteHost('  www.example.com  ')).toBe('example.com');
    expect(websiteHost('example.com/?from=http://other.example.org')).toBe('example.com');
    expect(websiteHost('awww.example.com')).toBe('awww.example.com');
    expect(phoneDigits('1234567890123')).toBe('1234567890123');
    expect(matchKeysOf([{ kind: 'app', name: 'ab' }])).toEqual(['app:ab']);
    expect(websiteHost('HTTPS://Example.COM.')).toBe('example.com');
    expect(websiteHost('ftp://files.example.com/x')).toBe('files.example.com');
    expect(phoneDigits('861234567')).toBe('861234567');
    expect(phoneDigits('1234567')).toBe('1234567');
    expect(phoneDigits('123456')).toBeUndefined();
    expect(
      matchKeysOf([
        { kind: 'app', name: '某' },
        { kind: 'phone', phone: '12' },
        { kind: 'company', creditCode: 'not a code' },
      ]),
    ).toEqual([]);
    expect(matchKeysOf([{ kind: 'website', name: '某某网', url: 'www.moumou.cn' }])).toEqual(['host:moumou.cn']);
  });

  it('reasonOf reads every prefix back, the value keeping any further colon', () => {
    expect(reasonOf('credit:91110108551385082Q')).toEqual({ kind: 'credit_code', value: '91110108551385082Q' });
    expect(reasonOf('host:example.com:8080')).toEqual({ kind: 'website', value: 'example.com:8080' });
    expect(reasonOf('app:某某')).toEqual({ kind: 'app', value: '某某' });
    expect(reasonOf('phone:13800000000')).toEqual({ kind: 'phone', value: '13800000000' });
    expect(reasonOf('nocolon')).toBeUndefined();
  });

  describe('score over every combination of kinds', () => {
    const kinds = Object.keys(REASON_WEIGHTS) as Array<keyof typeof REASON_WEIGHTS>;
    const subsets = Array.from({ length: 2 ** kinds.length - 1 }, (_, mask) => kinds.filter((_k, i) => ((mask + 1) >> i) & 1));
    /** 1 - Π(1 - w), each weight in thousandths so the expected value is exact. */
    const expected = (set: typeof kinds): number => (1000 - set.reduce((miss, k) => (miss * (1000 - REASON_WEIGHTS[k] * 1000)) / 1000, 1000)) / 1000;

    it('is 1 - Π(1 - w) rounded to 3 decimals, the same in any order, never above 1 and higher for more evidence until it is 1', () => {
      expect(matchScore([{ kind: 'company_name' }, { kind: 'website' }, { kind: 'app' }])).toBe(0.976);
      expect(matchScore([{ kind: 'company_name' }, { kind: 'website' }, { kind: 'app' }, { kind: 'phone' }])).toBe(0.988);
      expect(matchScore([])).toBe(0);
      for (const set of subsets) {
        const score = matchScore(set.map((kind) => ({ kind })));
        expect(`${set.join('+')}=${score}`).toBe(`${set.join('+')}=${Math.round(expected(set) * 1000) / 1000}`);
        expect(matchScore([...set].reverse().map((kind) => ({ kind })))).toBe(score);
        expect(Number.isInteger(Math.round(score * 1000 * 1e6) / 1e6)).toBe(true);
        expect(score).toBeLessThanOrEqual(1);
        for (const more of kinds.filter((k) => !set.includes(k))) {
          const raised = matchScore([...set, more].map((kind) => ({ kind })));
          if (score === 1) expect(raised).toBe(1);
          else expect(raised).toBeGreaterThan(score);
        }
      }
    });
  });
});

/** Normalisation of match keys and the link score. */
import { matchKeysOf, matchScore, normalizeAppName, normalizeCompanyName, phoneDigits, reasonOf, websiteHost } from './match-keys';

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
});

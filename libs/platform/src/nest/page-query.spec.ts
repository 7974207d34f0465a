/**
 * The page fields reach a handler with their defaults in place, through the same validation pipe the services use,
 * so no handler repeats them; what was sent wins, and a bad page is refused naming the field and its bounds.
 */
import { HttpException } from '@nestjs/common';
import { PageQuery } from './page-query';
import { createValidationPipe } from './validation';

class ListThingsQuery extends PageQuery({ max: 100, default: 20 }) {}

const pipe = createValidationPipe();
const parse = (query: Record<string, string>): Promise<ListThingsQuery> =>
  pipe.transform(query, { type: 'query', metatype: ListThingsQuery }) as Promise<ListThingsQuery>;

describe('PageQuery', () => {
  it('given no page fields, then page 1 and the list’s own default size', async () => {
    const query = await parse({});
    expect(query).toBeInstanceOf(ListThingsQuery);
    expect(query.page).toBe(1);
    expect(query.pageSize).toBe(20);
  });

  it('given page fields, then they win over the defaults', async () => {
    const query = await parse({ page: '3', pageSize: '100' });
    expect(query.page).toBe(3);
    expect(query.pageSize).toBe(100);
  });

  it('given a page size above the list’s maximum, then 422 naming the field and its bounds', async () => {
    const refused = await parse({ pageSize: '101' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect(JSON.stringify((refused as HttpException).getResponse())).toContain('pageSize: an integer from 1 to 100');
    expect((refused as HttpException).getStatus()).toBe(422);
  });
});

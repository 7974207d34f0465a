/** `@jm/shared/read-model`: table declarations and what derives from them (TypeORM only, no Nest). */
export * from './table-spec';

/** Test fixtures for the to-do list's specs (not production code): a case as cases publishes its opening. */

/** The data of a CaseOpened of Licheng's office, led by the market regulator, numbered after its id. */
export function caseOpenedData(caseId: string, caseNo = `CASE-350502-2026-${caseId}`): Record<string, unknown> {
  return {
    caseId,
    caseNo,
    title: '某理财公司非法集资',
    leadIds: ['L1'],
    office: 'lc-office',
    leadUnit: 'lc-market',
    cooperatingUnits: [],
    subjects: [],
    jurisdiction: '350502',
  };
}

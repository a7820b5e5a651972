/**
 * A workspace big enough that importing it takes seconds, for the crash tests: `payees` payees
 * (ids `bulk-00001`…, on a plan of their own, `bulk`) and `transactions` deals in one quarter.
 * It shares no id or plan file name with the demo organisation, so it merges into a database
 * holding the demo. Deterministic: the same sizes give the same bytes.
 */
export function bulkWorkspace(payees: number, transactions: number, quarter = { year: 2026, q: 1 }): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  const id = (n: number) => `bulk-${String(n).padStart(5, '0')}`;
  const firstMonth = (quarter.q - 1) * 3 + 1;
  const people = ['id,name,email,manager,team\n'];
  for (let n = 1; n <= payees; n++) people.push(`${id(n)},Bulk Payee ${n},${id(n)}@bulk.example,${n > 10 ? id(1 + (n % 10)) : ''},bulk\n`);
  const assignments = ['payee,plan,from,to\n'];
  for (let n = 1; n <= payees; n++) assignments.push(`${id(n)},bulk,${quarter.year}-01-01,\n`);
  const deals = ['id,date,amount,currency,owner,type,product,channel\n'];
  for (let n = 1; n <= transactions; n++) {
    // Integer arithmetic only: amounts are whole cents, spread over the quarter's first 28 days of each month.
    const month = firstMonth + (n % 3);
    const day = 1 + (n % 28);
    const cents = 10_000 + ((n * 7919) % 2_000_000);
    deals.push(
      `BULK-${String(n).padStart(7, '0')},${quarter.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},` +
        `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')},MYR,${id(1 + (n % payees))},new,CORE,${n % 2 === 0 ? 'direct' : 'partner'}\n`,
    );
  }
  return new Map([
    ['payees.csv', encoder.encode(people.join(''))],
    [
      'plans/bulk.yaml',
      encoder.encode(
        'id: bulk\nname: Bulk\nperiod: quarter\nmeasures:\n  sales: { sum: amount }\n  direct: { sum: amount, where: { channel: direct } }\n' +
          'components:\n  - { id: commission, type: commission, measure: sales, basis: amount, method: graduated, tiers: [ { to: 100000, rate: 0.02 }, { rate: 0.04 } ] }\n' +
          '  - { id: direct-bonus, type: commission, measure: direct, rate: 0.005 }\n',
      ),
    ],
    ['assignments.csv', encoder.encode(assignments.join(''))],
    ['transactions.csv', encoder.encode(deals.join(''))],
  ]);
}

/** A small valid workspace, for tests that need one to send around. */
export const WORKSPACE: Readonly<Record<string, string>> = {
  'prestasi.yaml': 'currency: MYR\n',
  'payees.csv': 'id,name,manager\na,Aisyah,\nb,Boon,a\n',
  'plans/ae.yaml': 'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, rate: 0.1 }\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,\n',
  'transactions.csv': 'id,date,amount,owner,splits,region\nt1,2026-01-10,1000,a,,north\nt2,2026-02-10,500,,a:50;b:50,south\n',
};

const encoder = new TextEncoder();

export function workspaceBytes(files: Readonly<Record<string, string>> = WORKSPACE): Map<string, Uint8Array> {
  return new Map(Object.entries(files).map(([path, text]) => [path, encoder.encode(text)]));
}

export function multipart(files: Readonly<Record<string, string | Uint8Array>>): FormData {
  const form = new FormData();
  for (const [name, content] of Object.entries(files)) form.append(name, new Blob([content]), name.split('/').pop());
  return form;
}

/**
 * Who works at the demo company, Prestasi Demo Sdn Bhd: a head of sales, two regional managers,
 * five first-line managers and 32 reps, named the way Malaysian names are written (Malay
 * patronymics with bin/binti, Chinese family name first, Indian a/l and a/p). The cast is
 * fixed rather than drawn at random, so the demo manager and rep keep their names and ids in
 * every generated workspace and in the documentation.
 */
export type Role = 'head' | 'regional' | 'lead' | 'ae' | 'sdr';
export type Region = 'central' | 'northern';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Payee id of the person's manager; absent for the head of sales. */
  readonly manager?: string;
  /** The first-line team; absent for the head of sales and the regional managers. */
  readonly team?: string;
}

export interface Team {
  readonly id: string;
  readonly region: Region;
  /** The `region` attribute of the team's deals. */
  readonly territory: string;
  readonly lead: string;
  /** Per mille of the team's deals booked in USD and in SGD. */
  readonly usdPerMille: number;
  readonly sgdPerMille: number;
  readonly customers: readonly string[];
}

export const HEAD_OF_SALES = 'faridah.yusof';

export const REGIONAL_MANAGERS: Readonly<Record<Region, string>> = {
  central: 'weiming.chong',
  northern: 'suresh.balakrishnan',
};

/** The first-line manager the demo's manager@ user is linked to: seven reps. */
export const DEMO_MANAGER = 'meiling.tan';
/** The rep the demo's rep@ user is linked to: an account executive in DEMO_MANAGER's team. */
export const DEMO_REP = 'aisyah.hassan';

export const TEAMS: readonly Team[] = [
  {
    id: 'central-enterprise',
    region: 'central',
    territory: 'Kuala Lumpur',
    lead: 'meiling.tan',
    usdPerMille: 80,
    sgdPerMille: 0,
    customers: [
      'Menara Kapital Berhad',
      'Petronas Dagangan Digital Sdn Bhd',
      'Bukit Bintang Hospitality Group Berhad',
      'Mutiara Insurans Berhad',
      'KLCC Property Services Sdn Bhd',
      'Sentral Logistics Berhad',
      'Damansara Health Holdings Berhad',
      'Titiwangsa Engineering Sdn Bhd',
      'Harimau Foods Berhad',
      'Cyberjaya Cloud Services Sdn Bhd',
    ],
  },
  {
    id: 'central-commercial',
    region: 'central',
    territory: 'Selangor',
    lead: 'rajesh.krishnan',
    usdPerMille: 20,
    sgdPerMille: 0,
    customers: [
      'Puchong Pharma Sdn Bhd',
      'Shah Alam Auto Parts Sdn Bhd',
      'Subang Aviation Services Sdn Bhd',
      'Klang Port Forwarders Sdn Bhd',
      'Seri Kembangan Logistik Sdn Bhd',
      'Bangsar Digital Media Sdn Bhd',
      'Kajang Furniture Industries Sdn Bhd',
      'Rawang Steel Fabricators Sdn Bhd',
      'Petaling Jaya Learning Centre Sdn Bhd',
      'Sungai Buloh Agro Sdn Bhd',
    ],
  },
  {
    id: 'central-public-sector',
    region: 'central',
    territory: 'Putrajaya',
    lead: 'azman.ismail',
    usdPerMille: 0,
    sgdPerMille: 0,
    customers: [
      'Perbadanan Digital Putrajaya',
      'Lembaga Air Selangor',
      'Majlis Bandaraya Kuala Lumpur',
      'Universiti Teknologi Sentral',
      'Hospital Serdang Foundation',
      'Institut Latihan Perindustrian Nilai',
      'Koperasi Guru Malaysia Berhad',
      'Perbadanan Kemajuan Negeri Selangor',
    ],
  },
  {
    id: 'northern-penang',
    region: 'northern',
    territory: 'Penang',
    lead: 'cheekeong.lim',
    usdPerMille: 40,
    sgdPerMille: 120,
    customers: [
      'Bayan Lepas Precision Sdn Bhd',
      'Kulim Wafer Technologies Sdn Bhd',
      'Georgetown Heritage Hotels Sdn Bhd',
      'Butterworth Packaging Sdn Bhd',
      'Seberang Jaya Motors Sdn Bhd',
      'Pulau Pinang Medical Centre Sdn Bhd',
      'Batu Maung Marine Sdn Bhd',
      'Tanjung Tokong Software Sdn Bhd',
      'Jurong Components Pte Ltd',
      'Changi Freight Services Pte Ltd',
    ],
  },
  {
    id: 'northern-perak',
    region: 'northern',
    territory: 'Perak',
    lead: 'kavitha.subramaniam',
    usdPerMille: 0,
    sgdPerMille: 0,
    customers: [
      'Ipoh Limestone Industries Sdn Bhd',
      'Taiping Rubber Products Sdn Bhd',
      'Kinta Valley Foods Sdn Bhd',
      'Teluk Intan Palm Oil Mill Sdn Bhd',
      'Lumut Shipyard Services Sdn Bhd',
      'Sitiawan Aquaculture Sdn Bhd',
      'Kampar Education Group Sdn Bhd',
      'Batu Gajah Logistics Sdn Bhd',
    ],
  },
];

const member = (id: string, name: string, role: 'ae' | 'sdr', team: Team): Person => ({ id, name, role, manager: team.lead, team: team.id });
const [enterprise, commercial, publicSector, penang, perak] = TEAMS as [Team, Team, Team, Team, Team];

export const PEOPLE: readonly Person[] = [
  { id: HEAD_OF_SALES, name: 'Faridah binti Yusof', role: 'head' },
  { id: REGIONAL_MANAGERS.central, name: 'Chong Wei Ming', role: 'regional', manager: HEAD_OF_SALES },
  { id: REGIONAL_MANAGERS.northern, name: 'Suresh a/l Balakrishnan', role: 'regional', manager: HEAD_OF_SALES },
  { id: 'meiling.tan', name: 'Tan Mei Ling', role: 'lead', manager: REGIONAL_MANAGERS.central, team: enterprise.id },
  { id: 'rajesh.krishnan', name: 'Rajesh a/l Krishnan', role: 'lead', manager: REGIONAL_MANAGERS.central, team: commercial.id },
  { id: 'azman.ismail', name: 'Azman bin Ismail', role: 'lead', manager: REGIONAL_MANAGERS.central, team: publicSector.id },
  { id: 'cheekeong.lim', name: 'Lim Chee Keong', role: 'lead', manager: REGIONAL_MANAGERS.northern, team: penang.id },
  { id: 'kavitha.subramaniam', name: 'Kavitha a/p Subramaniam', role: 'lead', manager: REGIONAL_MANAGERS.northern, team: perak.id },

  member('aisyah.hassan', 'Nurul Aisyah binti Hassan', 'ae', enterprise),
  member('weijie.lim', 'Lim Wei Jie', 'ae', enterprise),
  member('priya.muniandy', 'Priya a/p Muniandy', 'ae', enterprise),
  member('hafiz.rahman', 'Muhammad Hafiz bin Abdul Rahman', 'ae', enterprise),
  member('jiahui.wong', 'Wong Jia Hui', 'ae', enterprise),
  member('arjun.nair', 'Arjun Nair', 'ae', enterprise),
  member('izzati.ahmad', 'Nur Izzati binti Ahmad', 'sdr', enterprise),

  member('boonhock.tan', 'Tan Boon Hock', 'ae', commercial),
  member('farah.rosli', 'Farah Nadia binti Rosli', 'ae', commercial),
  member('ganesh.maniam', 'Ganesh a/l Maniam', 'ae', commercial),
  member('meixin.lee', 'Lee Mei Xin', 'ae', commercial),
  member('khairul.salleh', 'Khairul Anwar bin Salleh', 'ae', commercial),
  member('amirul.zulkifli', 'Amirul Hakim bin Zulkifli', 'sdr', commercial),
  member('thivya.ramachandran', 'Thivya a/p Ramachandran', 'sdr', commercial),

  member('azlan.othman', 'Mohd Azlan bin Othman', 'ae', publicSector),
  member('liying.teoh', 'Teoh Li Ying', 'ae', publicSector),
  member('sharmila.govindasamy', 'Sharmila a/p Govindasamy', 'ae', publicSector),
  member('syafiq.abdullah', 'Syafiq bin Abdullah', 'ae', publicSector),
  member('chinhong.goh', 'Goh Chin Hong', 'ae', publicSector),
  member('sofea.kamarudin', 'Aina Sofea binti Kamarudin', 'sdr', publicSector),

  member('kokkeong.ong', 'Ong Kok Keong', 'ae', penang),
  member('siewling.chong', 'Chong Siew Ling', 'ae', penang),
  member('vikneswaran.pillai', 'Vikneswaran a/l Pillai', 'ae', penang),
  member('hakimi.jamaluddin', 'Hakimi bin Jamaluddin', 'ae', penang),
  member('kahmeng.ng', 'Ng Kah Meng', 'ae', penang),
  member('nabilah.mansor', 'Nabilah binti Mansor', 'sdr', penang),

  member('shufen.yap', 'Yap Shu Fen', 'ae', perak),
  member('kumaresan.raju', 'Kumaresan a/l Raju', 'ae', perak),
  member('farhan.aziz', 'Muhammad Farhan bin Abdul Aziz', 'ae', perak),
  member('zhihao.khoo', 'Khoo Zhi Hao', 'ae', perak),
  member('deepa.raman', 'Deepa a/p Raman', 'ae', perak),
  member('peishan.chan', 'Chan Pei Shan', 'sdr', perak),
];

/** An SDR promoted to account executive half way through the year of deals. */
export const PROMOTED = 'thivya.ramachandran';
/** An account executive who joins in the fourth month, mid-month. */
export const LATE_HIRE = 'zhihao.khoo';

export const DEMO_EMAIL_DOMAIN = 'demo.prestasi.my';

export function emailOf(id: string): string {
  return `${id}@${DEMO_EMAIL_DOMAIN}`;
}

/** The demo's sign-in accounts (issue 4 creates them); manager and rep are linked to payees. */
export const DEMO_USERS = [
  { email: `admin@${DEMO_EMAIL_DOMAIN}`, role: 'admin', payee: null },
  { email: `finance@${DEMO_EMAIL_DOMAIN}`, role: 'finance', payee: null },
  { email: `manager@${DEMO_EMAIL_DOMAIN}`, role: 'manager', payee: DEMO_MANAGER },
  { email: `rep@${DEMO_EMAIL_DOMAIN}`, role: 'rep', payee: DEMO_REP },
] as const;

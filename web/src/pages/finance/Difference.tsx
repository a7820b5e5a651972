import './finance.css';
import { useFormat } from '../../components/format';

/** A signed money difference: green up (with +), red down, plain when nothing changed. */
export function Difference({ value, currency }: { value: string; currency: string }) {
  const f = useFormat();
  const zero = !/[1-9]/.test(value);
  const negative = value.startsWith('-');
  return <span className={`figure ${zero ? '' : negative ? 'diff-down' : 'diff-up'}`}>{zero || negative ? f.money(value, currency) : `+${f.money(value, currency)}`}</span>;
}

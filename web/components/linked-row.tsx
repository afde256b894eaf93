import { A, useNavigate } from '@solidjs/router';
import type { JSX } from 'solid-js';

/**
 * A table row that opens its record when clicked anywhere; its first cell holds the real link,
 * for the keyboard and for "open in a new tab".
 */
export function LinkedRow(props: { href: string; label: JSX.Element; children: JSX.Element }) {
  const navigate = useNavigate();
  return (
    <tr class="clickable" onClick={() => navigate(props.href)}>
      <td>
        <A href={props.href} onClick={(event) => event.stopPropagation()}>
          {props.label}
        </A>
      </td>
      {props.children}
    </tr>
  );
}

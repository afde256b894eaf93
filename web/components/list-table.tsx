import type { JSX } from 'solid-js';

/** A list shown as a table: its caption for assistive technology, its header row, its rows. */
export function ListTable(props: { caption: string; head: JSX.Element; children: JSX.Element }) {
  return (
    <div class="table-wrap">
      <table class="list">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>{props.head}</tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A column heading; `narrow` ones are hidden on a phone, `num` ones aligned right. */
export function Column(props: { children: JSX.Element; narrow?: boolean; num?: boolean }) {
  return (
    <th scope="col" classList={{ 'hide-narrow': props.narrow, num: props.num }}>
      {props.children}
    </th>
  );
}

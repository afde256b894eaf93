import type { Search } from '../lib/lists';
import { TextField } from './fields';

/** The search field above a list, in a search landmark. */
export function SearchBox(props: { label: string; hint: string; search: Search }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: Solid's JSX types have no <search> element yet
    <div role="search">
      <TextField
        label={props.label}
        type="search"
        value={props.search.typed()}
        onInput={(text) => props.search.setTyped(text)}
        hint={props.hint}
      />
    </div>
  );
}

import { Show, type JSX } from 'solid-js';
import type { DisplayModule } from '../lib/display-options';
import { DisplayOptions } from './display-options';

/** A tab's or sub-record's title, its actions, and "Options d'affichage" at the top right. */
export function TabHeader(props: { title: string; module?: DisplayModule; children?: JSX.Element }) {
  return (
    <div class="tab-header">
      <h2>{props.title}</h2>
      <div class="page-header__tools">
        {props.children}
        <Show when={props.module}>{(module) => <DisplayOptions module={module()} />}</Show>
      </div>
    </div>
  );
}

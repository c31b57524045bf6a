/**
 * The console's entry point: replaces the shell's loading text with the app.
 */
import { render } from 'preact';
import { App } from './app.tsx';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}

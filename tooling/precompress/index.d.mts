import type { Plugin } from 'vite'

/** Writes `.br` and `.gz` beside each text file of a Vite build (see index.mjs). */
export function precompress(): Plugin

import { sample } from '../helpers.js';
import { contextOf } from './images.js';

/** The rule context of a committed sample archive (always available, no engine needed). */
export const sampleContext = (name: string) => contextOf(sample(name));

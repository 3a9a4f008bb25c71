/** A step of a training run: in English (the CLI), as a key of the interface's `jobMessages` with its values, and how far it is. */
export interface TrainPhase {
  message: string;
  key: 'augmentingStart' | 'augmenting' | 'training' | 'fineTuneStarting' | 'fineTuneFeatures' | 'fineTuning';
  /** done 0 starts a counted phase: its rate and ETA are measured from there. */
  progress?: { done: number; total: number };
}

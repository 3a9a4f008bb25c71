export function electronBinaryPath(): string | null;
export function electronInstaller(): string;

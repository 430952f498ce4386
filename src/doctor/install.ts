import { existsSync } from 'node:fs';

/** Where doctor is running, so fixes name commands that work there. */
export interface Platform {
  readonly os: NodeJS.Platform;
  /** `amd64` or `arm64`, as release downloads name them. */
  readonly arch: string;
  /** Debian or Ubuntu: apt-get is there. */
  readonly debian: boolean;
}

export function currentPlatform(): Platform {
  return {
    os: process.platform,
    arch: process.arch === 'arm64' ? 'arm64' : 'amd64',
    debian: process.platform === 'linux' && existsSync('/etc/debian_version'),
  };
}

// decK has no "latest" download URL: its archives carry the version in their name.
const DECK_VERSION = '1.43.0';

/**
 * How to install each tool, from each project's own install page: kind's quick start,
 * kubernetes.io "Install kubectl on Linux", helm.sh "Installing Helm", Kong's decK and
 * kongctl pages, docs.docker.com.
 */
export function installCommand(tool: string, platform: Platform): string {
  const { os, arch } = platform;
  const mac = os === 'darwin';
  switch (tool) {
    case 'node':
      return mac
        ? 'brew install node@22, or use nvm: `nvm install 22`'
        : 'install Node.js 20.19 or newer from https://nodejs.org/en/download (or with nvm: `nvm install 22`)';
    case 'docker':
      if (mac)
        return (
          'install Docker Desktop: `brew install --cask docker` ' +
          '(https://docs.docker.com/desktop/setup/install/mac-install/), then start it'
        );
      if (os === 'win32')
        return 'install Docker Desktop: https://docs.docker.com/desktop/setup/install/windows-install/';
      return (
        'curl -fsSL https://get.docker.com | sh && sudo usermod -aG docker $USER   # then log out and in ' +
        '(https://docs.docker.com/engine/install/)'
      );
    case 'kind':
      if (mac) return 'brew install kind';
      if (os === 'win32') return 'winget install Kubernetes.kind';
      return (
        `curl -Lo ./kind https://github.com/kubernetes-sigs/kind/releases/latest/download/kind-linux-${arch} && ` +
        `chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind`
      );
    case 'kubectl':
      if (mac) return 'brew install kubectl';
      if (os === 'win32') return 'winget install Kubernetes.kubectl';
      return (
        `curl -LO "https://dl.k8s.io/release/$(curl -Ls ` +
        `https://dl.k8s.io/release/stable.txt)/bin/linux/${arch}/kubectl" && sudo install -o root -g root -m 0755 ` +
        `kubectl /usr/local/bin/kubectl`
      );
    case 'helm':
      if (mac) return 'brew install helm';
      if (os === 'win32') return 'winget install Helm.Helm';
      return 'curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash';
    case 'deck':
      if (mac) return 'brew tap kong/deck && brew install deck';
      if (os === 'win32')
        return `download deck_${DECK_VERSION}_windows_amd64.tar.gz from https://github.com/Kong/deck/releases`;
      return (
        `curl -sL ` +
        `https://github.com/kong/deck/releases/download/v${DECK_VERSION}/deck_${DECK_VERSION}_linux_${arch}.tar.gz ` +
        `-o deck.tar.gz && tar -xf deck.tar.gz -C /tmp && sudo cp /tmp/deck /usr/local/bin/   # newer: ` +
        `https://github.com/Kong/deck/releases`
      );
    case 'kongctl':
      if (mac) return 'brew install --cask kong/kongctl/kongctl';
      if (os === 'win32') return 'download the Windows archive from https://github.com/Kong/kongctl/releases';
      return 'curl -fsSL https://get.konghq.com/kongctl | sh';
    case 'curl':
      if (mac) return 'brew install curl';
      if (os === 'win32') return 'winget install cURL.cURL';
      return platform.debian
        ? 'sudo apt-get install -y curl'
        : 'install curl with your package manager (e.g. `sudo dnf install curl`)';
    default:
      return `install ${tool} and make sure it is on your PATH`;
  }
}

/**
 * How to replace an installed tool with a current one. Homebrew and winget have an upgrade verb;
 * the Linux download commands fetch the latest release and overwrite the old binary, so they
 * upgrade as they install.
 */
export function upgradeCommand(tool: string, platform: Platform): string {
  const { os } = platform;
  if (os === 'darwin') {
    const formula: Record<string, string> = {
      deck: 'kong/deck/deck',
      kongctl: '--cask kong/kongctl/kongctl',
      docker: '--cask docker',
      node: 'node@22',
    };
    return `brew upgrade ${formula[tool] ?? tool}`;
  }
  if (os === 'win32') {
    const id: Record<string, string> = {
      kind: 'Kubernetes.kind',
      kubectl: 'Kubernetes.kubectl',
      helm: 'Helm.Helm',
      curl: 'cURL.cURL',
    };
    if (id[tool]) return `winget upgrade ${id[tool]}`;
  }
  if (tool === 'curl' && platform.debian)
    return (
      'sudo apt-get update && sudo apt-get install --only-upgrade -y curl   # or a newer curl from ' +
      'https://curl.se/download.html'
    );
  return installCommand(tool, platform);
}

/** What to do when the Docker CLI is there but its daemon does not answer. */
export function dockerDaemonFix(stderr: string, platform: Platform): string {
  if (/permission denied/i.test(stderr))
    return 'sudo usermod -aG docker $USER   # then log out and in again, so docker works without sudo';
  if (platform.os === 'darwin') return 'start Docker Desktop: `open -a Docker`';
  if (platform.os === 'win32') return 'start Docker Desktop';
  return 'sudo systemctl start docker   # or start Docker Desktop';
}

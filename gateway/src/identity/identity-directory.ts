import { type IdentityProfile, loadNetworkProfile, type NetworkProfile } from './profile';

/**
 * The identities the service may act as: only its own organization's (see loadNetworkProfile). The network
 * scripts append to the profile when a new identity is enrolled (CLI `onboard`), so an unknown key triggers
 * one re-read before it is refused.
 */
export class IdentityDirectory {
  private reloading: Promise<void> | undefined;

  constructor(
    private profile: NetworkProfile,
    private readonly profilePath?: string,
    /** The organization the service runs for; its identities are the only ones it resolves. */
    readonly org?: string,
  ) {}

  static async load(profilePath: string, org?: string): Promise<IdentityDirectory> {
    return new IdentityDirectory(await loadNetworkProfile(profilePath, org), profilePath, org);
  }

  get network(): NetworkProfile {
    return this.profile;
  }

  find(key: string): IdentityProfile | undefined {
    const identity = this.profile.identities.get(key);
    return this.org === undefined || identity?.org === this.org ? identity : undefined;
  }

  async resolve(key: string): Promise<IdentityProfile | undefined> {
    const known = this.find(key);
    if (known !== undefined || this.profilePath === undefined) {
      return known;
    }
    this.reloading ??= loadNetworkProfile(this.profilePath, this.org)
      .then((profile) => {
        this.profile = profile;
      })
      .finally(() => {
        this.reloading = undefined;
      });
    await this.reloading;
    return this.find(key);
  }
}

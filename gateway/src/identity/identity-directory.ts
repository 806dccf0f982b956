import { type IdentityProfile, loadNetworkProfile, type NetworkProfile } from './profile';

/**
 * The identities the service may act as. The network scripts append to the profile when a new identity is
 * enrolled (CLI `onboard`), so an unknown key triggers one re-read before it is refused.
 */
export class IdentityDirectory {
  private reloading: Promise<void> | undefined;

  constructor(
    private profile: NetworkProfile,
    private readonly profilePath?: string,
  ) {}

  static async load(profilePath: string): Promise<IdentityDirectory> {
    return new IdentityDirectory(await loadNetworkProfile(profilePath), profilePath);
  }

  get network(): NetworkProfile {
    return this.profile;
  }

  find(key: string): IdentityProfile | undefined {
    return this.profile.identities.get(key);
  }

  async resolve(key: string): Promise<IdentityProfile | undefined> {
    const known = this.find(key);
    if (known !== undefined || this.profilePath === undefined) {
      return known;
    }
    this.reloading ??= loadNetworkProfile(this.profilePath)
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

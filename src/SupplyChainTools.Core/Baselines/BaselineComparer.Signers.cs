using System;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The content rules: what a change of bytes means given the signatures before and after.</summary>
    public sealed partial class BaselineComparer
    {
        private BaselineChange? ClassifyContent(BaselineEntry reference, BaselineEntry current)
        {
            bool changed = reference.Size != current.Size;
            foreach (string algorithm in _algorithms)
            {
                string? before = reference.GetHash(algorithm);
                string? after = current.GetHash(algorithm);
                if (before != null && after != null && !string.Equals(before, after, StringComparison.OrdinalIgnoreCase))
                {
                    changed = true;
                }
            }

            if (!changed)
            {
                return null;
            }

            BaselineSigner? was = reference.Signer;
            BaselineSigner? now = current.Signer;
            if (was != null && was.IsValid)
            {
                if (now == null || now.IsUnsigned)
                {
                    return Change(BaselineChangeKind.SignatureRemoved, reference, current, $"It was signed by {was.SignerSubject} and its new content carries no signature.");
                }

                if (now.IsValid)
                {
                    if (!was.SameSigner(now, SignerIdentity))
                    {
                        return Change(BaselineChangeKind.SignerChanged, reference, current, $"Its content changed and it is now signed by {now.SignerSubject} ({now.SignerThumbprint}) instead of {was.SignerSubject} ({was.SignerThumbprint})" + SignerDifference(was, now) + ".");
                    }

                    string renewal = was.SameCertificate(now) ? string.Empty : $"; certificate renewed: {was.SignerThumbprint} -> {now.SignerThumbprint}";
                    int? order = current.Version != null && reference.Version != null ? current.Version.CompareTo(reference.Version) : null;
                    if (order.HasValue && order.Value < 0)
                    {
                        return Change(BaselineChangeKind.Downgraded, reference, current, $"It was replaced by an older version ({current.Version!.Display} instead of {reference.Version!.Display}), still signed by {now.SignerSubject}" + renewal + ".");
                    }

                    return Change(BaselineChangeKind.UpdatedSameSigner, reference, current, $"Its content changed and it is still validly signed by {now.SignerSubject}" + VersionNote(reference, current) + renewal + ".");
                }

                if (now.IsBroken)
                {
                    return Change(BaselineChangeKind.SignatureBroken, reference, current, $"Its content changed and its signature no longer verifies ({now.Status}).");
                }

                if (!was.SameSigner(now, SignerIdentity))
                {
                    string copied = PublisherIdentity.Same(was.Publisher, now.Publisher) ? $"; the certificate copies the name {now.Publisher} but is not trusted, so it is not the same signer" : string.Empty;
                    return Change(BaselineChangeKind.SignerChanged, reference, current, $"Its content changed and it is now signed by {now.SignerSubject ?? "an unknown signer"} ({now.Status}) instead of {was.SignerSubject}" + copied + ".");
                }

                return Change(BaselineChangeKind.SignatureBroken, reference, current, $"Its content changed and its signature by the same signer is now {now.Status}.");
            }

            if (now != null && now.IsBroken && (was == null || !was.IsBroken))
            {
                return Change(BaselineChangeKind.SignatureBroken, reference, current, $"Its content changed and the signature it carries does not verify ({now.Status}).");
            }

            string note = now != null && now.IsValid ? $"; it is now signed by {now.SignerSubject}, which it was not before" : string.Empty;
            return Change(BaselineChangeKind.ContentChanged, reference, current, "Its content changed" + note + ".");
        }

        /// <summary>Why two valid signers are not the same: the reason an administrator needs to judge the finding.</summary>
        private string SignerDifference(BaselineSigner was, BaselineSigner now)
        {
            if (SignerIdentity == SignerIdentityRule.Certificate)
            {
                return "; the signer identity rule is Certificate, so a renewed certificate is a change of signer";
            }

            if (!string.Equals(was.RootThumbprint, now.RootThumbprint, StringComparison.OrdinalIgnoreCase))
            {
                return $"; it chains to another root ({now.RootSubject})";
            }

            return $"; the publisher is {now.Publisher ?? "unnamed"}, it was {was.Publisher ?? "unnamed"}";
        }

        private static string VersionNote(BaselineEntry reference, BaselineEntry current)
        {
            string? before = reference.Version?.Display;
            string? after = current.Version?.Display;
            return before != null && after != null && before != after ? $" (version {before} to {after})" : string.Empty;
        }

        private static string SignableKind(BaselineSigner signer)
        {
            switch (signer.FileType)
            {
                case AuthenticodeVerifier.PowerShellScriptFileType: return "PowerShell script";
                case AuthenticodeVerifier.CatalogFileType: return "catalog";
                case AuthenticodeVerifier.MsiFileType: return "Windows Installer package";
                case AuthenticodeVerifier.CabFileType: return "cabinet";
                default: return "PE file";
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;

namespace SupplyChainTools.Core.Signatures
{
    internal static partial class OpenPgpVerifier
    {
        /// <summary>Key flag "may sign data" (RFC 4880 5.2.3.21).</summary>
        private const int CanSignFlag = 0x02;

        /// <summary>The signing key's standing: bound to its primary, not revoked, alive when it signed and now.</summary>
        private static void CheckKey(SignatureVerdict verdict, PgpSignature signature, PgpPublicKey primary, PgpPublicKey key, DateTime now)
        {
            string fingerprint = Fingerprint(primary);
            if (HasValidSignature(primary.GetSignaturesOfType(PgpSignature.KeyRevocation), s => VerifyOn(s, primary, () => s.VerifyCertification(primary))))
            {
                verdict.Add(DetachedSignatureStatus.Revoked, $"The OpenPGP key {fingerprint} was revoked by its owner, so its signatures are refused.");
            }

            PgpSignature? selfSignature = LatestSelfSignature(primary);
            if (selfSignature == null)
            {
                verdict.Add(DetachedSignatureStatus.KeyNotBound, $"The OpenPGP key {fingerprint} carries no valid self-signature, so its user id and expiry cannot be trusted.");
                return;
            }

            DateTime? expires = ExpiryOf(primary, selfSignature);
            if (!key.IsMasterKey)
            {
                string subkey = Fingerprint(key);
                if (HasValidSignature(key.GetSignaturesOfType(PgpSignature.SubkeyRevocation), s => VerifyOn(s, primary, () => s.VerifyCertification(primary, key))))
                {
                    verdict.Add(DetachedSignatureStatus.Revoked, $"The signing subkey {subkey} of {fingerprint} was revoked by its owner.");
                }

                PgpSignature? binding = key.GetSignaturesOfType(PgpSignature.SubkeyBinding)
                    .Where(s => VerifyOn(s, primary, () => s.VerifyCertification(primary, key)) && HasBackSignature(s, primary, key))
                    .OrderByDescending(s => s.CreationTime).FirstOrDefault();
                if (binding == null)
                {
                    verdict.Add(DetachedSignatureStatus.KeyNotBound, $"The signing subkey {subkey} is not bound to the primary key {fingerprint} by a valid binding signature (with its back-signature), so it may not sign for it.");
                    return;
                }

                int flags = binding.HasSubpackets ? binding.GetHashedSubPackets().GetKeyFlags() : 0;
                if (flags != 0 && (flags & CanSignFlag) == 0)
                {
                    verdict.Add(DetachedSignatureStatus.KeyNotBound, $"The subkey {subkey} is bound to {fingerprint} for encryption or authentication only, not for signing.");
                }

                DateTime? subkeyExpires = ExpiryOf(key, binding);
                expires = expires == null ? subkeyExpires : subkeyExpires == null ? expires : (subkeyExpires < expires ? subkeyExpires : expires);
            }

            CheckTimes(verdict, signature, key, expires, now, fingerprint);
        }

        private static void CheckTimes(SignatureVerdict verdict, PgpSignature signature, PgpPublicKey key, DateTime? expires, DateTime now, string fingerprint)
        {
            DateTime signed = signature.CreationTime;
            if (signed < key.CreationTime)
            {
                verdict.Add(DetachedSignatureStatus.InvalidSignature, $"The signature is dated {signed:u}, before its key was created ({key.CreationTime:u}), so it is refused as back-dated.");
            }

            if (expires != null && signed > expires.Value)
            {
                verdict.Add(DetachedSignatureStatus.Expired, $"The signature was made on {signed:u}, after the key {fingerprint} expired on {expires.Value:u}.");
            }
            else if (expires != null && now > expires.Value)
            {
                verdict.Add(DetachedSignatureStatus.Expired, $"The key {fingerprint} expired on {expires.Value:u}; signatures by an expired key are refused.");
            }

            long signatureLifetime = signature.HasSubpackets ? signature.GetHashedSubPackets().GetSignatureExpirationTime() : 0;
            if (signatureLifetime > 0 && now > signed.AddSeconds(signatureLifetime))
            {
                verdict.Add(DetachedSignatureStatus.Expired, $"The signature itself expired on {signed.AddSeconds(signatureLifetime):u}.");
            }
        }

        /// <summary>The newest valid self-certification of a user id, or a valid direct-key signature.</summary>
        private static PgpSignature? LatestSelfSignature(PgpPublicKey primary)
        {
            var valid = new List<PgpSignature>();
            foreach (string userId in primary.GetUserIds())
            {
                valid.AddRange(primary.GetSignaturesForId(userId).Where(s => IsCertification(s) && s.KeyId == primary.KeyId && VerifyOn(s, primary, () => s.VerifyCertification(userId, primary))));
            }

            valid.AddRange(primary.GetSignaturesOfType(PgpSignature.DirectKey).Where(s => s.KeyId == primary.KeyId && VerifyOn(s, primary, () => s.VerifyCertification(primary))));
            return valid.OrderByDescending(s => s.CreationTime).FirstOrDefault();
        }

        private static bool IsCertification(PgpSignature signature) =>
            signature.SignatureType == PgpSignature.DefaultCertification || signature.SignatureType == PgpSignature.NoCertification
            || signature.SignatureType == PgpSignature.CasualCertification || signature.SignatureType == PgpSignature.PositiveCertification;

        private static DateTime? ExpiryOf(PgpPublicKey key, PgpSignature selfSignature)
        {
            long seconds = selfSignature.HasSubpackets ? selfSignature.GetHashedSubPackets().GetKeyExpirationTime() : 0;
            return seconds > 0 ? key.CreationTime.AddSeconds(seconds) : (DateTime?)null;
        }

        /// <summary>A signing subkey's binding must carry the subkey's own signature over the pair (RFC 4880 5.2.1, 0x19).</summary>
        private static bool HasBackSignature(PgpSignature binding, PgpPublicKey primary, PgpPublicKey key)
        {
            PgpSignatureList? embedded = null;
            try
            {
                embedded = binding.GetHashedSubPackets()?.GetEmbeddedSignatures();
                if ((embedded == null || embedded.Count == 0) && binding.GetUnhashedSubPackets() != null)
                {
                    embedded = binding.GetUnhashedSubPackets().GetEmbeddedSignatures();
                }
            }
            catch (Exception ex) when (OpenPgpSignatureFile.IsParseFailure(ex))
            {
                return false;
            }

            if (embedded == null)
            {
                return false;
            }

            for (int i = 0; i < embedded.Count; i++)
            {
                PgpSignature back = embedded[i];
                if (back.SignatureType == PgpSignature.PrimaryKeyBinding && VerifyOn(back, key, () => back.VerifyCertification(primary, key)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasValidSignature(IEnumerable<PgpSignature> signatures, Func<PgpSignature, bool> verify) => signatures.Any(verify);

        /// <summary>Runs a certification check with <paramref name="signer"/>; a signature that cannot be checked counts as invalid.</summary>
        private static bool VerifyOn(PgpSignature signature, PgpPublicKey signer, Func<bool> verify)
        {
            try
            {
                signature.InitVerify(signer);
                return verify();
            }
            catch (Exception ex) when (OpenPgpSignatureFile.IsParseFailure(ex))
            {
                return false;
            }
        }
    }
}

using Microsoft.AspNetCore.DataProtection;

namespace ServerlessMinSheng.Functions.Intake;

/// <summary>Encrypts residents' call-back numbers at rest; only staff pages and the SMS channel (when it sends) decrypt them, never public ones.</summary>
public sealed class ContactProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ServerlessMinSheng.Intake.Contact.v1");

    public string? Protect(string? phone) => string.IsNullOrEmpty(phone) ? null : _protector.Protect(phone);

    public string? Unprotect(string? protectedPhone) => string.IsNullOrEmpty(protectedPhone) ? null : _protector.Unprotect(protectedPhone);
}

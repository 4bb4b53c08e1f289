"""A small built-in gazetteer: countries, regions and large cities, lower-cased."""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(item.strip().lower() for item in text.split(";") if item.strip())


COUNTRIES: Final = _words(
    """
    Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina; Armenia;
    Australia; Austria; Azerbaijan; Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium;
    Belize; Benin; Bhutan; Bolivia; Bosnia; Bosnia and Herzegovina; Botswana; Brazil; Brunei;
    Bulgaria; Burkina Faso; Burma; Burundi; Cambodia; Cameroon; Canada; Cape Verde;
    Central African Republic; Chad; Chile; China; Colombia; Comoros; Congo; Costa Rica;
    Ivory Coast; Croatia; Cuba; Cyprus; Czech Republic; Czechia; Denmark; Djibouti; Dominica;
    Dominican Republic; DR Congo; East Timor; Ecuador; Egypt; El Salvador; Equatorial Guinea;
    Eritrea; Estonia; Eswatini; Ethiopia; Fiji; Finland; France; Gabon; Gambia; Georgia; Germany;
    Ghana; Greece; Grenada; Guatemala; Guinea; Guinea-Bissau; Guyana; Haiti; Honduras; Hungary;
    Iceland; India; Indonesia; Iran; Iraq; Ireland; Israel; Italy; Jamaica; Japan; Jordan;
    Kazakhstan; Kenya; Kiribati; Kosovo; Kuwait; Kyrgyzstan; Laos; Latvia; Lebanon; Lesotho;
    Liberia; Libya; Liechtenstein; Lithuania; Luxembourg; Madagascar; Malawi; Malaysia; Maldives;
    Mali; Malta; Mauritania; Mauritius; Mexico; Micronesia; Moldova; Monaco; Mongolia; Montenegro;
    Morocco; Mozambique; Myanmar; Namibia; Nauru; Nepal; Netherlands; Holland; New Zealand;
    Nicaragua; Niger; Nigeria; North Korea; North Macedonia; Macedonia; Norway; Oman; Pakistan;
    Palau; Palestine; Panama; Papua New Guinea; Paraguay; Peru; Philippines; Poland; Portugal;
    Qatar; Romania; Russia; Rwanda; Samoa; San Marino; Saudi Arabia; Senegal; Serbia; Seychelles;
    Sierra Leone; Singapore; Slovakia; Slovenia; Solomon Islands; Somalia; Somaliland;
    South Africa; South Korea; South Sudan; Spain; Sri Lanka; Sudan; Suriname; Sweden;
    Switzerland; Syria; Taiwan; Tajikistan; Tanzania; Thailand; Togo; Tonga; Trinidad and Tobago;
    Tunisia; Turkey; Turkiye; Turkmenistan; Tuvalu; Uganda; Ukraine; United Arab Emirates; UAE;
    United Kingdom; UK; Britain; Great Britain; England; Scotland; Wales; Northern Ireland;
    United States; United States of America; US; USA; America; Uruguay; Uzbekistan; Vanuatu;
    Vatican; Venezuela; Vietnam; Yemen; Zambia; Zimbabwe; Greenland; Hong Kong; Macau;
    Puerto Rico; Western Sahara; Abkhazia; Transnistria
    """
)

REGIONS: Final = _words(
    """
    Africa; Asia; Europe; North America; South America; Latin America; Central America;
    Antarctica; Arctic; Oceania; Middle East; Near East; Far East; Gulf; Balkans; Caucasus;
    Scandinavia; Baltics; Sahel; Sahara; Maghreb; Horn of Africa; West Africa; East Africa;
    North Africa; Southern Africa; Central Africa; Central Asia; South Asia; Southeast Asia;
    East Asia; Western Europe; Eastern Europe; Central Europe; Mediterranean; Caribbean; Pacific;
    Atlantic; Indian Ocean; Red Sea; Black Sea; Baltic Sea; North Sea; South China Sea;
    Persian Gulf; Gulf of Mexico; Gaza; Gaza Strip; West Bank; Golan Heights; Sinai; Kurdistan;
    Idlib; Aleppo; Homs; Hama; Raqqa; Deir ez-Zor; Daraa; Latakia; Tartus; Afrin; Manbij; Kobani;
    Donbas; Donetsk; Luhansk; Crimea; Kherson; Kharkiv; Zaporizhzhia; Odesa; Odessa; Mariupol;
    Bakhmut; Kashmir; Punjab; Tibet; Xinjiang; Hong Kong; Darfur; Kordofan; Tigray; Amhara;
    Oromia; Catalonia; Basque Country; Andalusia; Bavaria; Saxony; Flanders; Wallonia; Lombardy;
    Sicily; Sardinia; Corsica; Brittany; Normandy; Provence; Siberia; Chechnya; Dagestan;
    Patagonia; Amazon; Yorkshire; Lancashire; Kent; Essex; Surrey; Cornwall; Devon; Cumbria;
    Northumberland; Norfolk; Suffolk; Somerset; Dorset; Sussex; Merseyside; Greater Manchester;
    Northamptonshire; Lincolnshire; Derbyshire; Nottinghamshire; Leicestershire; Oxfordshire;
    Hampshire; Midlands; Highlands; Ulster; Alabama; Alaska; Arizona; Arkansas; California;
    Colorado; Connecticut; Delaware; Florida; Hawaii; Idaho; Illinois; Indiana; Iowa; Kansas;
    Kentucky; Louisiana; Maine; Maryland; Massachusetts; Michigan; Minnesota; Mississippi;
    Missouri; Montana; Nebraska; Nevada; New Hampshire; New Jersey; New Mexico; North Carolina;
    North Dakota; Ohio; Oklahoma; Oregon; Pennsylvania; Rhode Island; South Carolina;
    South Dakota; Tennessee; Texas; Utah; Vermont; Virginia; West Virginia; Wisconsin; Wyoming;
    Alberta; British Columbia; Manitoba; New Brunswick; Newfoundland; Nova Scotia; Ontario;
    Quebec; Saskatchewan; Yukon; Nunavut; Queensland; New South Wales; Victoria; Tasmania;
    Western Australia; South Australia; Northern Territory; Bengal; Kerala; Gujarat; Rajasthan;
    Maharashtra; Tamil Nadu; Karnataka; Bihar; Uttar Pradesh; Assam; Sindh; Balochistan;
    Khyber Pakhtunkhwa; Helmand; Kandahar; Anbar; Nineveh; Basra; Kirkuk; Sulaimaniyah; Galilee;
    Negev; Moon; Mars; Earth; Sahrawi
    """
)

CITIES: Final = _words(
    """
    Abu Dhabi; Abuja; Accra; Addis Ababa; Adelaide; Ahmedabad; Aleppo; Algiers; Almaty; Amman;
    Amsterdam; Ankara; Antwerp; Athens; Atlanta; Auckland; Austin; Baghdad; Baku; Baltimore;
    Bamako; Bangkok; Bangalore; Bengaluru; Barcelona; Basra; Beijing; Beirut; Belfast; Belgrade;
    Benghazi; Berlin; Bern; Birmingham; Bogota; Bologna; Bonn; Bordeaux; Boston; Brasilia;
    Bratislava; Brisbane; Bristol; Brussels; Bucharest; Budapest; Buenos Aires; Cairo; Calgary;
    Canberra; Cape Town; Caracas; Cardiff; Casablanca; Chennai; Chicago; Chisinau; Cologne;
    Colombo; Copenhagen; Dakar; Dallas; Damascus; Dar es Salaam; Delhi; New Delhi; Denver; Detroit;
    Dhaka; Doha; Donetsk; Dortmund; Dresden; Dubai; Dublin; Durban; Dushanbe; Edinburgh;
    Florence; Frankfurt; Freetown; Geneva; Genoa; Glasgow; Gothenburg; Guangzhou; Hamburg; Hanoi;
    Harare; Havana; Helsinki; Hiroshima; Ho Chi Minh City; Homs; Honolulu; Houston; Islamabad;
    Istanbul; Izmir; Jakarta; Jeddah; Jerusalem; Johannesburg; Juba; Kabul; Kampala; Kandahar;
    Karachi; Kathmandu; Kazan; Khartoum; Kharkiv; Kherson; Kigali; Kinshasa; Kolkata;
    Krakow; Kuala Lumpur; Kuwait City; Kyiv; Kiev; Lagos; Lahore; La Paz; Las Vegas; Leeds;
    Leipzig; Lima; Lisbon; Liverpool; Ljubljana; London; Los Angeles; Luanda; Lusaka; Luxor;
    Lviv; Lyon; Madrid; Malmo; Managua; Manchester; Manila; Maputo; Marseille; Mecca; Medina;
    Melbourne; Mexico City; Miami; Milan; Minsk; Mogadishu; Mombasa; Monrovia; Montevideo;
    Montreal; Moscow; Mosul; Mumbai; Munich; Muscat; Nairobi; Naples; Newcastle; New Orleans;
    New York; New York City; Niamey; Nice; Nicosia; Nottingham; Odesa; Osaka; Oslo; Ottawa;
    Ouagadougou; Oxford; Cambridge; Palermo; Paris; Perth; Philadelphia; Phnom Penh; Phoenix;
    Pittsburgh; Port-au-Prince; Porto; Prague; Pretoria; Pyongyang; Quito; Rabat; Ramallah;
    Rangoon; Yangon; Raqqa; Reykjavik; Riga; Rio de Janeiro; Riyadh; Rome; Rotterdam; Salvador;
    Sanaa; San Diego; San Francisco; San Jose; Santiago; Santo Domingo; Sao Paulo; São Paulo;
    Sarajevo; Seattle; Seoul; Sevastopol; Seville; Shanghai; Sheffield; Shenzhen; Singapore;
    Skopje; Sofia; Stockholm; Strasbourg; Stuttgart; Sydney; Taipei; Tallinn; Tashkent; Tbilisi;
    Tehran; Tel Aviv; The Hague; Hague; Tijuana; Tirana; Tokyo; Toronto; Tripoli; Tunis; Turin;
    Ulaanbaatar; Valencia; Valletta; Vancouver; Venice; Vienna; Vilnius; Warsaw; Washington;
    Wellington; Windhoek; Wuhan; Yerevan; Zagreb; Zurich; Gdansk; Wroclaw; Dnipro; Mykolaiv;
    Belgorod; Rostov; St Petersburg; Saint Petersburg; Vladivostok; Novosibirsk; Yekaterinburg;
    Sochi; Grozny; Hodeidah; Aden; Taiz; Marib; Mecca; Fallujah; Ramadi; Tikrit; Erbil; Najaf;
    Karbala; Kirkuk; Herat; Mazar-i-Sharif; Jalalabad; Peshawar; Quetta; Rawalpindi; Srinagar;
    Goma; Bukavu; Benghazi; Misrata; Sirte; Derna; Port Sudan; Omdurman; El Fasher; Nyala;
    Kassala; Gao; Timbuktu; Kidal; Maiduguri; Kano; Ibadan; Beira; Cabo Delgado; Rafah;
    Khan Younis; Jenin; Nablus; Hebron; Haifa; Ashkelon; Sderot; Eilat; Gaza City; Tyre; Sidon;
    Tripoli; Mariupol; Bakhmut; Avdiivka; Kramatorsk; Sloviansk; Melitopol; Bucha; Irpin
    """
)

PLACE_NAMES: Final = COUNTRIES | REGIONS | CITIES
